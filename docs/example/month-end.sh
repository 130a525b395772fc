#!/usr/bin/env bash
# The month's end worked through, with SYNTHETIC figures (made up to show the workflow; they are
# not real county data). Run from anywhere with huandu installed:
#
#   bash docs/example/month-end.sh OUT_DIR
#
# It records three months of figures into a new home (OUT_DIR/home), then writes the documents of
# the end of May into OUT_DIR: the report as HTML, SVG, xlsx and docx, the 督办单 and the 催报 message.
set -euo pipefail
out="${1:?usage: month-end.sh OUT_DIR}"
mkdir -p "$out"
export HUANDU_HOME="$out/home" HUANDU_TODAY=2024-06-03 HUANDU_LANG=zh
rm -rf "$HUANDU_HOME"

u() { huandu update "$1" "$2" --date "$3" --note "$4" --source "示例数据" --by "示例" >/dev/null; }

# March and April: the goals that report monthly.
u xinan.industrial-projects 10 2024-03-31 "3月报表（示例）"
u xinan.industrial-projects 14 2024-04-30 "4月报表（示例）"
u yanshi.new-market-entities 1500 2024-03-31 "3月报表（示例）"
u yanshi.new-market-entities 2000 2024-04-30 "4月报表（示例）"
u yanshi.high-tech-enterprises 2 2024-03-31 "申报材料准备中（示例）"
u yanshi.high-tech-enterprises 3 2024-04-30 "第一批认定3家（示例）"
u yichuan.high-standard-farmland 0.5万亩 2024-03-31 "完成招标（示例）"
u yichuan.high-standard-farmland 0.8万亩 2024-04-30 "受降雨影响进度放缓（示例）"
u yiyang.beef-cattle 7.2万头 2024-03-31 "3月存栏（示例）"
u yiyang.beef-cattle 8.2万头 2024-04-30 "4月存栏（示例）"
u xinan.cijian-expansion 推进中 2024-04-30 "规划方案已报批（示例）"
u yiyang.zhichuang-park 推进中 2024-04-30 "二期厂房主体完工（示例）"
u mengjin.village-collective-income 10% 2024-04-30 "4月统计（示例）"

# May.
u xinan.industrial-projects 18 2024-05-31 "新开工4个项目（示例）"
u xinan.tech-communities 1 2024-05-31 "上元科技社区已挂牌，其余3个在谈（示例）"
u xinan.aluminium-casting 推进中 2024-05-31 "设备安装调试中（示例）"
u xinan.coal-to-gas 推进中 2024-05-31 "已完成2台锅炉改造（示例）"
u xinan.aluminium-capacity-transfer 未启动 2024-05-31 "承接地尚未确定（示例）"
u xinan.special-agriculture-output 12亿元 2024-05-31 "樱桃季销售未计入（示例）"
u yanshi.new-market-entities 2600 2024-05-31 "5月新增600户（示例）"
u yanshi.high-tech-enterprises 5 2024-05-31 "第二批待省里认定（示例）"
u yanshi.specialized-enterprises 4 2024-05-31 "4家已全部认定（示例）"
u yanshi.yipin-campaign 已完成 2024-05-31 "活动已全面开展（示例）"
u yanshi.luoyan-expressway 推进中 2024-05-31 "路面改造完成60%（示例）"
u mengjin.cattle-industry 15亿元 2024-05-31 "5月报表（示例）"
u mengjin.fruit-industry 23亿元 2024-05-31 "草莓季收入计入（示例）"
u mengjin.village-collective-income 12% 2024-05-31 "5月统计（示例）"
u mengjin.homestay-clusters 未启动 2024-05-31 "选址论证中（示例）"
u yichuan.longding-battery-box 推进中 2024-05-31 "一期产线试生产（示例）"
u yichuan.waterfront-plan 已完成 2024-05-31 "规划已经县政府常务会审议通过（示例）"
u yichuan.high-standard-farmland 1万亩 2024-05-31 "资金拨付滞后（示例）"
u yiyang.aviation-plan 已完成 2024-05-31 "规划修编已印发（示例）"
u yiyang.leading-industry-output 70亿元 2024-05-31 "1—5月累计（示例）"
u yiyang.pepper-belt 4.5万亩 2024-05-31 "辣椒移栽基本完成（示例）"
u yiyang.herb-belt 2.5万亩 2024-05-31 "种苗供应不足（示例）"
u yiyang.beef-cattle 9.2万头 2024-05-31 "5月存栏（示例）"

huandu report --as-of 5月 --format html --output "$out/通报.html"
huandu report --as-of 5月 --format svg --output "$out/完成率.svg"
huandu report --as-of 5月 --monthly --format html --output "$out/逐月.html"
huandu report --as-of 5月 --format xlsx --output "$out/通报.xlsx"
huandu report --as-of 5月 --format docx --output "$out/通报.docx"
huandu notice --as-of 5月 --output "$out/督办单.docx"
huandu notice --as-of 5月 --output "$out/督办单.md"
huandu report --as-of 5月 --missing --format text > "$out/催报.txt"
huandu import --template "$out/宜阳6月.xlsx" --county 宜阳
