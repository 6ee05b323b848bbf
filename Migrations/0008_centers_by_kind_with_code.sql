-- centers_by_kind carries each center's code too, so that a page of centers filtered by kind and
-- region, in code order (the web view's /centers, `center list --kind K --region R`), is sorted
-- from the index alone: on 1M centers, 15,000 matches sort in 4 ms instead of 25-45 ms of row
-- reads. Same name, so the import's deferred indexes (SearchIndex.swift) still cover it.
DROP INDEX centers_by_kind;
CREATE INDEX centers_by_kind ON centers (kind, region_code, code);
