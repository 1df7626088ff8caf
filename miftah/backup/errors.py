"""The one error a backup or a restore answers with: Arabic first, English after, for operators of either."""


class BackupError(Exception):
    def __init__(self, arabic, english):
        super().__init__(f"{arabic} ({english})")
