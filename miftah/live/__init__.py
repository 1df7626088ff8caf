"""Live coverage of a developing story (issue #14): an article put in live mode gets timestamped updates, posted from
the admin without a page revision, shown newest first under the article and polled by readers' browsers.
See docs/live.md."""
