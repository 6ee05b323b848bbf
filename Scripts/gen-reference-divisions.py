#!/usr/bin/env python3
"""Generate the divisions section of Migrations/0002_reference_data.sql.

The registry ships the administrative divisions (GB/T 2260) that docs/commands.md
asks for: the 34 provincial-level divisions of China and every division of Beijing,
Tianjin and Hebei down to county level, with their official codes and Chinese names
exactly as in the Ministry of Civil Affairs list (data/divisions-mca-201904.tsv, a
`code<TAB>name` file). This script reads that file, adds the level, the parent and
the English names kept below, and prints the SQL, so the migration is reproducible:

    python3 Scripts/gen-reference-divisions.py Tests/Fixtures/divisions-mca-201904.tsv

prints, byte for byte, the part of Migrations/0002_reference_data.sql between the
`-- BEGIN generated divisions` and `-- END generated divisions` lines. Python 3
standard library only. It stops with an error (exit 65) when the file is malformed,
has a duplicate code, a division whose parent is missing, or an English name below
whose code or Chinese name does not match the file.

Rules (the same as the comment on the divisions table in 0001_initial.sql):
- level 1 for XX0000, 2 for XXYY00 (YY <> 00), 3 otherwise;
- the parent of XXYY00 is XX0000; of XXYYZZ it is XXYY00 when that code is in the
  list, else XX0000 (so the districts of Beijing 1101xx and Tianjin 1201xx sit
  directly inside 110000 and 120000).
Rows are printed in code order, which puts every parent before its children.

English names: the provincial level, Hebei's prefecture-level cities and the
districts of Beijing and Tianjin. Hebei's county-level divisions are left NULL on
purpose rather than guessed.
"""

import sys

SOURCE = ("Ministry of Civil Affairs of the PRC, county-level and above administrative "
          "division codes (GB/T 2260), revision 2019-04")

# code: (official Chinese name, as a guard against a wrong code; English name)
ENGLISH_NAMES = {
    # Provincial level (34)
    "110000": ("北京市", "Beijing"),
    "120000": ("天津市", "Tianjin"),
    "130000": ("河北省", "Hebei Province"),
    "140000": ("山西省", "Shanxi Province"),
    "150000": ("内蒙古自治区", "Inner Mongolia Autonomous Region"),
    "210000": ("辽宁省", "Liaoning Province"),
    "220000": ("吉林省", "Jilin Province"),
    "230000": ("黑龙江省", "Heilongjiang Province"),
    "310000": ("上海市", "Shanghai"),
    "320000": ("江苏省", "Jiangsu Province"),
    "330000": ("浙江省", "Zhejiang Province"),
    "340000": ("安徽省", "Anhui Province"),
    "350000": ("福建省", "Fujian Province"),
    "360000": ("江西省", "Jiangxi Province"),
    "370000": ("山东省", "Shandong Province"),
    "410000": ("河南省", "Henan Province"),
    "420000": ("湖北省", "Hubei Province"),
    "430000": ("湖南省", "Hunan Province"),
    "440000": ("广东省", "Guangdong Province"),
    "450000": ("广西壮族自治区", "Guangxi Zhuang Autonomous Region"),
    "460000": ("海南省", "Hainan Province"),
    "500000": ("重庆市", "Chongqing"),
    "510000": ("四川省", "Sichuan Province"),
    "520000": ("贵州省", "Guizhou Province"),
    "530000": ("云南省", "Yunnan Province"),
    "540000": ("西藏自治区", "Tibet Autonomous Region"),
    "610000": ("陕西省", "Shaanxi Province"),
    "620000": ("甘肃省", "Gansu Province"),
    "630000": ("青海省", "Qinghai Province"),
    "640000": ("宁夏回族自治区", "Ningxia Hui Autonomous Region"),
    "650000": ("新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region"),
    "710000": ("台湾省", "Taiwan Province"),
    "810000": ("香港特别行政区", "Hong Kong Special Administrative Region"),
    "820000": ("澳门特别行政区", "Macao Special Administrative Region"),
    # Districts of Beijing (16)
    "110101": ("东城区", "Dongcheng District"),
    "110102": ("西城区", "Xicheng District"),
    "110105": ("朝阳区", "Chaoyang District"),
    "110106": ("丰台区", "Fengtai District"),
    "110107": ("石景山区", "Shijingshan District"),
    "110108": ("海淀区", "Haidian District"),
    "110109": ("门头沟区", "Mentougou District"),
    "110111": ("房山区", "Fangshan District"),
    "110112": ("通州区", "Tongzhou District"),
    "110113": ("顺义区", "Shunyi District"),
    "110114": ("昌平区", "Changping District"),
    "110115": ("大兴区", "Daxing District"),
    "110116": ("怀柔区", "Huairou District"),
    "110117": ("平谷区", "Pinggu District"),
    "110118": ("密云区", "Miyun District"),
    "110119": ("延庆区", "Yanqing District"),
    # Districts of Tianjin (16)
    "120101": ("和平区", "Heping District"),
    "120102": ("河东区", "Hedong District"),
    "120103": ("河西区", "Hexi District"),
    "120104": ("南开区", "Nankai District"),
    "120105": ("河北区", "Hebei District"),
    "120106": ("红桥区", "Hongqiao District"),
    "120110": ("东丽区", "Dongli District"),
    "120111": ("西青区", "Xiqing District"),
    "120112": ("津南区", "Jinnan District"),
    "120113": ("北辰区", "Beichen District"),
    "120114": ("武清区", "Wuqing District"),
    "120115": ("宝坻区", "Baodi District"),
    "120116": ("滨海新区", "Binhai New Area"),
    "120117": ("宁河区", "Ninghe District"),
    "120118": ("静海区", "Jinghai District"),
    "120119": ("蓟州区", "Jizhou District"),
    # Prefecture-level cities of Hebei (11)
    "130100": ("石家庄市", "Shijiazhuang"),
    "130200": ("唐山市", "Tangshan"),
    "130300": ("秦皇岛市", "Qinhuangdao"),
    "130400": ("邯郸市", "Handan"),
    "130500": ("邢台市", "Xingtai"),
    "130600": ("保定市", "Baoding"),
    "130700": ("张家口市", "Zhangjiakou"),
    "130800": ("承德市", "Chengde"),
    "130900": ("沧州市", "Cangzhou"),
    "131000": ("廊坊市", "Langfang"),
    "131100": ("衡水市", "Hengshui"),
}


def fail(message):
    sys.stderr.write(f"gen-reference-divisions: {message}\n")
    sys.exit(65)


def sql_text(value):
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def read_divisions(path):
    try:
        # utf-8-sig drops a byte-order mark if one is there; names are otherwise kept as is.
        with open(path, encoding="utf-8-sig", newline="") as f:
            lines = f.read().split("\n")
    except (OSError, UnicodeDecodeError) as error:
        sys.stderr.write(f"gen-reference-divisions: {path}: {error}\n")
        sys.exit(66)
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if not lines or lines[0] != "code\tname":
        fail(f"{path}: the first line must be the header code<TAB>name")
    divisions = {}
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 2:
            fail(f"{path}:{number}: expected 2 tab-separated fields, found {len(fields)}")
        code, name = fields
        if len(code) != 6 or not code.isascii() or not code.isdigit() or code.startswith("00"):
            fail(f"{path}:{number}: not a six-digit division code: {code!r}")
        if not name or name != name.strip():
            fail(f"{path}:{number}: empty name or name with surrounding blanks: {name!r}")
        if code in divisions:
            fail(f"{path}:{number}: duplicate code {code}")
        divisions[code] = name
    return divisions


def level_and_parent(code, divisions):
    province, prefecture = code[:2] + "0000", code[:4] + "00"
    if code == province:
        return 1, None
    if code == prefecture:
        return 2, province
    return 3, prefecture if prefecture in divisions else province


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: gen-reference-divisions.py divisions-mca-201904.tsv\n")
        return 64
    divisions = read_divisions(argv[1])
    for code, (name, _) in ENGLISH_NAMES.items():
        if code not in divisions:
            fail(f"English name given for {code}, which is not in the list")
        if divisions[code] != name:
            fail(f"{code}: the list names it {divisions[code]!r}, the English table {name!r}")

    out = [
        "-- BEGIN generated divisions: do not edit by hand; regenerate with",
        "--   python3 Scripts/gen-reference-divisions.py Tests/Fixtures/divisions-mca-201904.tsv",
        f"-- {len(divisions)} divisions, in code order (every parent before its children).",
    ]
    for code in sorted(divisions):
        level, parent = level_and_parent(code, divisions)
        if parent is not None and parent not in divisions:
            fail(f"{code}: its parent {parent} is not in the list")
        name_en = ENGLISH_NAMES.get(code, (None, None))[1]
        out.append(
            "INSERT INTO divisions (code, name, name_en, parent_code, level, source) VALUES ("
            f"{sql_text(code)}, {sql_text(divisions[code])}, {sql_text(name_en)}, "
            f"{sql_text(parent)}, {level}, {sql_text(SOURCE)});")
    out.append("-- END generated divisions")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
