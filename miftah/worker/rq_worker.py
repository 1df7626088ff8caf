"""The RQ worker `miftah worker` runs on Redis: rq's own, but one that stops as soon as SIGTERM asks it to.

rq listens for its commands on a pub/sub channel in a thread that reads with a 60-second timeout, and on a warm
shutdown it unsubscribes and then stops that thread; redis-py 8 made stopping the thread wait for it, and once
unsubscribed the reader sits out its whole timeout, so every `miftah worker` took a minute to exit after SIGTERM
(a deploy's restart, the RQ scenario in worker/tests/test_processes.py). Reading with a one-second timeout bounds
that wait; an idle read is a poll on the socket, no round trip to Redis.
"""

from rq import Worker

LISTENER_READ_SECONDS = 1


class PromptlyStoppingWorker(Worker):
    def subscribe(self):
        self.log.info("Worker %s: subscribing to channel %s", self.name, self.pubsub_channel_name)
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=LISTENER_READ_SECONDS, daemon=True, exception_handler=self._pubsub_exception_handler
        )
