"""Scale-out pieces (issue #13): the caching proxy / CDN purge, media on S3-compatible storage, the read-replica
router and the readiness probe. Nothing here is active in the embedded setup; each part is turned on by environment
(docs/deploy.md)."""
