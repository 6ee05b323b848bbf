-- Coordinates for generated centers (Scripts/gen-registry, Scripts/bench-nearest): every 50th
-- center has none, the others lie spread over China's extent (latitude 18-53, longitude 73-135),
-- placed by two multiplicative hashes of the id. Deterministic: the same ids get the same places.
-- Run inside a write that other clients' triggers need not record (gen-registry drops them;
-- bench-nearest writes the ipreg_writing row, as ipreg does).
UPDATE centers SET
    latitude = CASE WHEN id % 50 = 0 THEN NULL
                    ELSE 18 + 35 * ((((id * 2654435761) % 4294967296) / 7) % 1000003) / 1000003.0 END,
    longitude = CASE WHEN id % 50 = 0 THEN NULL
                     ELSE 73 + 62 * (((id * 1103515245 + 12345) % 2147483648) % 1000033) / 1000033.0 END;
