-- The search index in one segment. A large import used to leave it as a few segments of
-- thousands of pages each (its 16 MiB flushes, 0004), on the level where FTS5 later puts the
-- small segments that single writes make. Once that level held 16 segments, FTS5's crisis merge
-- rewrote all of them inside one write: on 1M centers a write that usually takes a millisecond
-- took 3 to 5 seconds (Scripts/bench-writes). Merged into one segment, the large part sits on a
-- level of its own and writes merge only small segments (3,000 writes at 1M centers: slowest 7 ms).
-- Large imports now end the same way (SearchIndex.deferringInserts). This costs 3 s once at
-- 1M centers, nothing on a registry of ordinary size.
INSERT INTO centers_search (centers_search) VALUES ('optimize');
