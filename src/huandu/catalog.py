"""Every user-facing sentence huandu prints, in Simplified Chinese and English.

One place for all words: code refers to messages by key (`t("county.unknown", ...)`), and a test
fails if a key used in the code is missing here or lacks either language.
"""

from __future__ import annotations

# key: (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- general
    "error.prefix": ("huandu: 错误：{message}", "huandu: error: {message}"),
    "warning.prefix": ("huandu: 注意：{message}", "huandu: warning: {message}"),
    "option.bad_choice": (
        "{option} 不接受 “{value}”，可选：{choices}",
        "{option} does not accept '{value}'; choose one of {choices}",
    ),
    "file.is_directory": ("{path} 是文件夹，不是文件", "{path} is a folder, not a file"),
    "file.unreadable": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "kind.milestone": ("里程碑", "milestone"),
    # -- help
    "help.app": (
        "环都市区五县区2024年重点工作台账：目标清单、进度记录与完成情况报告。",
        "Tracker for the 2024 goals of Luoyang's metropolitan-ring counties: "
        "goal registry, progress journal and completion reports.",
    ),
    "help.opt.home": (
        "数据文件夹（进度记录所在处）；也可用环境变量 HUANDU_HOME。",
        "Data folder (where progress is kept); or set HUANDU_HOME.",
    ),
    "help.opt.registry": (
        "使用另一份目标清单（registry）文件；也可用环境变量 HUANDU_REGISTRY。",
        "Use another registry file; or set HUANDU_REGISTRY.",
    ),
    "help.opt.lang": ("界面语言：zh 或 en（也可用 HUANDU_LANG）。", "Interface language: zh or en (or HUANDU_LANG)."),
    "help.opt.version": ("显示版本号并退出。", "Show the version and exit."),
    "help.opt.county": (
        "只看一个县区：简称、全称或拼音均可，如 宜阳、宜阳县、yiyang。",
        "Only one county: short name, full name or pinyin, e.g. 宜阳, 宜阳县, yiyang.",
    ),
    "help.opt.quote": ("同时显示每项目标的原文出处。", "Also show the article's sentence each goal comes from."),
    "help.opt.format": ("输出格式。", "Output format."),
    "help.arg.registry_file": (
        "要检查的目标清单文件（默认：当前使用的那一份）。",
        "Registry file to check (default: the one in use).",
    ),
    "help.list": (
        "列出各县区的目标：目标值、单位、完成时限和原文出处。",
        "List the goals of each county: target, unit, deadline and source sentence.",
    ),
    "help.list.example": (
        "示例：huandu list --county 宜阳 --quote",
        "Example: huandu list --county yiyang --quote",
    ),
    "help.validate": (
        "检查目标清单文件：语法、必填字段、类型、重复编号、单位等，逐行列出所有问题。",
        "Check a registry file: syntax, required fields, types, duplicate ids, units; "
        "every problem on its own line.",
    ),
    "help.validate.example": ("示例：huandu validate my-targets.toml", "Example: huandu validate my-targets.toml"),
    # -- columns
    "col.id": ("编号", "ID"),
    "col.title": ("目标", "Goal"),
    "col.target": ("目标值", "Target"),
    "col.deadline": ("时限", "Deadline"),
    "col.category": ("类别", "Category"),
    "col.quote": ("原文", "Source sentence"),
    # -- list / validate
    "list.heading": ("{county}：{positioning}", "{county}: {positioning}"),
    "validate.ok": (
        "{path}：检查通过，{counties} 个县区，{targets} 项目标。",
        "{path}: valid, {counties} counties, {targets} goals.",
    ),
    # -- lookups
    "county.unknown": (
        "没有名为 “{name}” 的县区。可选：{choices}",
        "no county named '{name}'. Valid counties: {choices}",
    ),
    "target.unknown": ("找不到目标 “{query}”", "no goal matches '{query}'"),
    "target.ambiguous": (
        "“{query}” 对应多项目标，请写得更具体：{choices}",
        "'{query}' matches several goals; be more specific: {choices}",
    ),
    # -- values
    "value.empty": ("没有输入数值", "no value given"),
    "value.not_a_number": ("“{value}” 不是数字", "'{value}' is not a number"),
    "value.not_finite": ("“{value}” 不是有限的数值", "'{value}' is not a finite number"),
    "value.too_large": ("“{value}” 数值过大", "'{value}' is too large"),
    "value.negative": ("“{value}” 是负数，进度值不能为负", "'{value}' is negative; progress cannot be negative"),
    "value.wrong_unit": (
        "“{value}” 的单位与该目标的单位（{unit}）不符",
        "the unit of '{value}' does not fit this goal's unit ({unit})",
    ),
    # -- registry problems
    "registry.broken": ("目标清单有 {count} 处问题", "the registry has {count} problem(s)"),
    "registry.missing_file": ("找不到目标清单文件 {path}", "registry file {path} not found"),
    "registry.bom": (
        "{path}：文件开头带有 BOM（字节顺序标记），请另存为“UTF-8（无 BOM）”",
        "{path}: the file starts with a byte order mark (BOM); save it as UTF-8 without BOM",
    ),
    "registry.utf16": (
        "{path}：文件是 UTF-16 编码，请另存为 UTF-8",
        "{path}: the file is UTF-16 encoded; save it as UTF-8",
    ),
    "registry.gbk": (
        "{path}:{line}: 文件看起来是 GBK 编码，请另存为 UTF-8",
        "{path}:{line}: the file looks GBK-encoded; save it as UTF-8",
    ),
    "registry.not_utf8": (
        "{path}:{line}: 文件不是有效的 UTF-8 文本",
        "{path}:{line}: the file is not valid UTF-8 text",
    ),
    "registry.syntax": (
        "{path}:{line}:{col}: TOML 语法错误：{reason}",
        "{path}:{line}:{col}: TOML syntax error: {reason}",
    ),
    "registry.too_deep": ("{path}：数组或表嵌套过深", "{path}: arrays or tables are nested too deeply"),
    "registry.number_too_long": ("{path}:{line}: 数字位数过多", "{path}:{line}: a number has too many digits"),
    "registry.missing": ("{what} 缺少字段 {key}", "{what} is missing '{key}'"),
    "registry.wrong_type": (
        "{what} 的 {key} 应为{expected}，实际是{actual}",
        "{what}: '{key}' should be {expected}, not {actual}",
    ),
    "registry.empty": ("{what} 的 {key} 不能为空", "{what}: '{key}' must not be empty"),
    "registry.bad_date": (
        "{what} 的 {key} 不是有效日期：{value}",
        "{what}: '{key}' is not a valid date: {value}",
    ),
    "registry.not_finite": ("{what} 的 {key} 必须是有限数值", "{what}: '{key}' must be a finite number"),
    "registry.too_large": ("{what} 的 {key} 数值过大", "{what}: '{key}' is too large"),
    "registry.unknown_key": ("{what} 中有未知字段 {key}", "{what}: unknown key '{key}'"),
    "registry.unknown_table": ("未知的表 [{key}]", "unknown table [{key}]"),
    "registry.not_table_array": (
        "{key} 应写成 [[{key}]] 表",
        "'{key}' should be an array of tables ([[{key}]])",
    ),
    "registry.no_plan": ("缺少 [plan] 表", "the [plan] table is missing"),
    "registry.not_table": ("[plan] 应是一个表", "'plan' should be a table ([plan])"),
    "registry.no_counties": ("没有任何 [[county]]", "no [[county]] entries"),
    "registry.bad_stages": (
        "{what} 的 stages 应为若干 {{name, percent(0–100)}} 表",
        "{what}: 'stages' should be tables of {{name, percent (0-100)}}",
    ),
    "registry.end_before_start": ("[plan] 的 end 早于 start", "[plan]: 'end' is before 'start'"),
    "registry.bad_thresholds": (
        "[plan] 的阈值须满足 0 ≤ behind_points ≤ far_behind_points",
        "[plan]: thresholds must satisfy 0 <= behind_points <= far_behind_points",
    ),
    "registry.bad_id": (
        "编号 “{value}” 只能用小写字母、数字、-、_（目标编号可用 . 分段）",
        "id '{value}' may use only lowercase letters, digits, - and _ (goal ids may use . between parts)",
    ),
    "registry.duplicate_id": (
        "编号 “{value}” 重复（第 {first} 行已用过）",
        "duplicate id '{value}' (already used on line {first})",
    ),
    "registry.unknown_county": (
        "未知县区 “{value}”，已定义的有：{choices}",
        "unknown county '{value}'; defined counties: {choices}",
    ),
    "registry.bad_kind": (
        "kind 只能是 quantity 或 milestone，不是 “{value}”",
        "kind must be quantity or milestone, not '{value}'",
    ),
    "registry.deadline_before_start": (
        "{what} 的时限早于计划开始日 {start}",
        "{what}: deadline is before the plan starts ({start})",
    ),
    "registry.bad_comparison": (
        "comparison 只能是 gt（超过/突破）或 ge（达到/以上），不是 “{value}”",
        "comparison must be gt (exceed) or ge (reach), not '{value}'",
    ),
    "registry.not_positive": ("{what} 的目标值必须大于 0", "{what}: target must be greater than 0"),
    "registry.unknown_unit": (
        "未知单位 “{value}”，可用：{choices}",
        "unknown unit '{value}'; known units: {choices}",
    ),
    "registry.milestone_value": (
        "{what} 是里程碑，不应有 {key}",
        "{what} is a milestone and must not have '{key}'",
    ),
    # -- type names used in registry messages
    "type.string": ("文本", "a string"),
    "type.string_list": ("文本数组", "an array of strings"),
    "type.number": ("数字", "a number"),
    "type.integer": ("整数", "an integer"),
    "type.date": ("日期", "a date"),
    "type.datetime": ("日期时间", "a date-time"),
    "type.time": ("时间", "a time"),
    "type.boolean": ("布尔值", "a boolean"),
    "type.array": ("数组", "an array"),
    "type.table": ("表", "a table"),
    "type.value": ("其他值", "another value"),
}
