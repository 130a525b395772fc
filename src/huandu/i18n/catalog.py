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
    "help.opt.help": ("显示本帮助并退出。", "Show this message and exit."),
    "help.opt.install_completion": (
        "为当前 shell 安装命令补全（县区名、目标编号、时期）。",
        "Install completion (county names, goal ids, periods) for the current shell.",
    ),
    "help.opt.show_completion": (
        "显示当前 shell 的补全脚本，便于复制或自行安装。",
        "Show the completion script for the current shell, to copy it or install it yourself.",
    ),
    "help.usage": ("用法：", "Usage: "),
    "help.options": ("选项：", "Options:"),
    "help.arguments": ("参数：", "Arguments:"),
    "help.commands": ("命令：", "Commands:"),
    "help.default": ("[默认：{value}]", "[default: {value}]"),
    "help.required": ("[必填]", "[required]"),
    "usage.try_help": ("运行 “{command}” 查看帮助。", "Try '{command}' for help."),
    "usage.no_such_option": ("没有这个选项：{name}", "No such option: {name}"),
    "usage.no_such_command": ("没有这个命令：{name}", "No such command '{name}'"),
    "usage.did_you_mean": ("，是不是 {names}？", ". Did you mean {names}?"),
    "usage.missing_argument": ("缺少参数 {name}", "Missing argument '{name}'"),
    "usage.missing_option": ("缺少选项 {name}", "Missing option '{name}'"),
    "usage.missing_command": (
        "缺少命令（huandu -h 列出全部命令）",
        "Missing command (huandu -h lists them)",
    ),
    "usage.needs_value": ("选项 {name} 需要一个值", "Option '{name}' requires an argument"),
    "usage.extra_arguments": ("多余的参数：{name}", "Got unexpected extra argument(s) ({name})"),
    "usage.invalid_value": ("{name} 的值无效：{reason}", "Invalid value for '{name}': {reason}"),
    "usage.not_an_integer": ("“{value}” 不是整数", "'{value}' is not a whole number"),
    "aborted": ("已中止，未写入任何内容。", "Aborted; nothing was written."),
    "help.opt.home": (
        "数据文件夹（进度记录所在处）；也可用环境变量 HUANDU_HOME。",
        "Data folder (where progress is kept); or set HUANDU_HOME.",
    ),
    "help.opt.registry": (
        "使用另一份目标清单（registry）文件；也可用环境变量 HUANDU_REGISTRY。",
        "Use another registry file; or set HUANDU_REGISTRY.",
    ),
    "help.opt.lang": (
        "界面语言：zh 或 en（也可用 HUANDU_LANG）。",
        "Interface language: zh or en (or HUANDU_LANG).",
    ),
    "help.opt.version": ("显示版本号并退出。", "Show the version and exit."),
    "help.opt.county": (
        "只看一个县区：简称、全称或拼音均可，如 宜阳、宜阳县、yiyang。",
        "Only one county: short name, full name or pinyin, e.g. 宜阳, 宜阳县, yiyang.",
    ),
    "help.opt.quote": (
        "同时显示每项目标的原文出处。",
        "Also show the article's sentence each goal comes from.",
    ),
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
    "help.validate.example": (
        "示例：huandu validate my-targets.toml",
        "Example: huandu validate my-targets.toml",
    ),
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
        "没有名为 “{name}” 的县区。{hint}可选：{choices}",
        "no county named '{name}'. {hint}Valid counties: {choices}",
    ),
    "target.unknown": (
        "找不到目标 “{query}”。{hint}huandu list 可列出全部目标",
        "no goal matches '{query}'. {hint}huandu list shows them all",
    ),
    "hint.did_you_mean": ("是不是 {names}？", "Did you mean {names}? "),
    "target.ambiguous": (
        "“{query}” 对应多项目标，请写得更具体：{choices}",
        "'{query}' matches several goals; be more specific: {choices}",
    ),
    # -- values
    "value.empty": ("没有输入数值", "no value given"),
    "value.not_a_number": ("“{value}” 不是数字", "'{value}' is not a number"),
    "value.not_finite": ("“{value}” 不是有限的数值", "'{value}' is not a finite number"),
    "value.too_large": ("“{value}” 数值过大", "'{value}' is too large"),
    "value.too_small": ("“{value}” 数值过小，无法记录", "'{value}' is too small to record"),
    "value.negative": (
        "“{value}” 是负数，进度值不能为负",
        "'{value}' is negative; progress cannot be negative",
    ),
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
    "registry.too_deep": (
        "{path}：数组或表嵌套过深",
        "{path}: arrays or tables are nested too deeply",
    ),
    "registry.number_too_long": (
        "{path}:{line}: 数字位数过多",
        "{path}:{line}: a number has too many digits",
    ),
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
    "registry.not_finite": (
        "{what} 的 {key} 必须是有限数值",
        "{what}: '{key}' must be a finite number",
    ),
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
    "registry.bad_goal_thresholds": (
        "{what} 的阈值须满足 0 ≤ behind_points ≤ far_behind_points（未写的一项取 [plan] 的值）",
        "{what}: thresholds must satisfy 0 <= behind_points <= far_behind_points (a missing one is the plan's)",
    ),
    "registry.bad_time_progress": (
        "[plan] 的 time_progress 只能是 days（按天）或 months（按月），不是 “{value}”",
        "[plan]: time_progress must be days or months, not '{value}'",
    ),
    "registry.bad_interval": (
        "{what} 的 {key} 应为至少 1 的整天数",
        "{what}: '{key}' must be a whole number of days, at least 1",
    ),
    "registry.start_not_milestone": (
        "{what} 不是里程碑：start（计划启动日期）只用于里程碑",
        "{what}: 'start' (the planned start) applies only to milestones",
    ),
    "registry.start_after_deadline": (
        "{what} 的 start 晚于时限 {deadline}",
        "{what}: 'start' is after the deadline ({deadline})",
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
    # -- journal
    "journal.corrupt": (
        "{path}:{line}: 进度记录文件无法读取（{reason}）。它可能被手工改坏了；修好之前不会写入任何内容",
        "{path}:{line}: the progress journal cannot be read ({reason}); it may have been edited by hand. Nothing will be written until it is fixed",
    ),
    "journal.torn": (
        "{path}:{line}: 最后一条记录不完整（{size} 字节，可能是写入时中断），已忽略；下次写入时会把这些字节另存备查",
        "{path}:{line}: the last entry is incomplete ({size} bytes, probably an interrupted write) and is ignored; the next write keeps a copy of those bytes aside",
    ),
    "journal.repaired": (
        "进度记录最后一条不完整的记录（{size} 字节）已另存到 {path}，并从记录文件中移除",
        "the incomplete last entry ({size} bytes) was moved out of the journal into {path}",
    ),
    "journal.edited": (
        "{path}:{line}: 第 {seq} 条记录的校验值不符，可能在 huandu 之外被修改过",
        "{path}:{line}: entry {seq} fails its check; it may have been changed outside huandu",
    ),
    "journal.lock_failed": ("无法锁定 {path}：{reason}", "cannot lock {path}: {reason}"),
    "journal.busy": (
        "另一个 huandu 正在写入（{path} 被占用），本次未写入任何内容，请稍后再试",
        "another huandu is writing ({path} is locked); nothing was written, try again shortly",
    ),
    "journal.write_failed": (
        "写入 {path} 失败：{reason}。原有记录未受影响",
        "could not write {path}: {reason}. The existing records are unchanged",
    ),
    # -- dates and text
    "date.impossible": ("“{value}” 不是存在的日期", "'{value}' is not a real date"),
    "date.unreadable": (
        "看不懂日期 “{value}”，请写成 2024-05-31",
        "cannot read the date '{value}'; write it as 2024-05-31",
    ),
    "date.future": (
        "日期 {value} 晚于今天（{today}），不能记录未来的数",
        "the date {value} is after today ({today}); figures cannot be dated in the future",
    ),
    "period.bad": ("“{value}” 不是有效的时期", "'{value}' is not a valid period"),
    "period.unreadable": (
        "看不懂 “{value}”：请写日期（2024-05-31）或时期（5月、1—5月、一季度、上半年、前三季度、全年、2024-06）",
        "cannot read '{value}': write a date (2024-05-31) or a period (5月, 1-5月, Q1, 上半年, 前三季度, 全年, 2024-06)",
    ),
    "field.note": ("备注", "note"),
    "field.source": ("来源", "source"),
    "field.by": ("记录人", "recorder's name"),
    "field.value": ("数值", "value"),
    "text.not_utf8": ("{what} 不是有效的 UTF-8 文本", "the {what} is not valid UTF-8 text"),
    "text.too_long": (
        "{what} 太长（{size} 字节，上限 {limit}）",
        "the {what} is too long ({size} bytes, the limit is {limit})",
    ),
    "value.not_a_stage": (
        "“{value}” 既不是阶段也不是百分比；可填：{choices}，或 0–100 的百分比",
        "'{value}' is neither a stage nor a percent; use {choices}, or a percent from 0 to 100",
    ),
    "value.relative_stage": (
        "里程碑请填写当前的阶段或完成百分比，不能用 “{value}” 这样的增量",
        "a milestone takes its stage or percent as it stands, not an increase like '{value}'",
    ),
    "value.percent_range": ("“{value}” 不在 0–100% 之间", "'{value}' is not between 0 and 100%"),
    "value.stage_on_quantity": (
        "这项目标要填数值（单位 {unit}），不是阶段 “{value}”",
        "this goal takes a number (in {unit}), not a stage like '{value}'",
    ),
    # -- update / undo
    "update.need_value": (
        "请同时给出目标和数值，如：huandu update 肉牛 8.2万头；或不带参数逐步填写",
        "give both a goal and a value, e.g. huandu update beef-cattle 82000头; or no arguments to be asked step by step",
    ),
    "update.recorded": (
        "已记录 #{seq}：{county} {title} = {value}（截至 {date}），完成 {percent}",
        "Recorded #{seq}: {county} {title} = {value} (as of {date}), {percent} complete",
    ),
    "undo.nothing": ("没有可撤销的记录", "there is no record to undo"),
    "undo.is_retraction": (
        "#{seq} 本身是一条撤销，不能再撤销",
        "#{seq} is itself an undo and cannot be undone",
    ),
    "undo.no_such": ("没有编号为 #{seq} 的记录", "there is no record #{seq}"),
    "undo.already": ("#{seq} 已经撤销过了", "#{seq} has already been undone"),
    "undo.done": ("已撤销 #{seq}：{title} = {value}", "Undone #{seq}: {title} = {value}"),
    "undo.now_empty": ("该目标现在没有有效的进度数。", "That goal now has no figure."),
    "undo.now_latest": (
        "该目标现在的最新数是 {value}（截至 {date}，#{seq}）。",
        "That goal's latest figure is now {value} (as of {date}, #{seq}).",
    ),
    # -- help for progress commands
    "help.update": (
        "记录一项目标的进度数（可带日期、备注、来源）；不带参数时逐步询问。",
        "Record a progress figure for a goal (with date, note, source); with no arguments, asks step by step.",
    ),
    "help.update.example": (
        "示例：huandu update 肉牛 8.2万头 --date 2024-05-31 --source 县农业农村局 --note 5月报表",
        "Example: huandu update yiyang.beef-cattle 82000头 --date 2024-05-31 --source 'county bureau'",
    ),
    "help.arg.target": (
        "目标编号，或目标名称中唯一的一部分（如 肉牛、市场主体）。",
        "Goal id, or a unique part of its title (e.g. beef-cattle, 肉牛).",
    ),
    "help.arg.value": (
        "数值，按习惯写：3200、6,000、+500（在最新数上累加）、3500万元、82000头、45%；里程碑填 未启动/推进中/已完成 或百分比。",
        "Value as people write it: 3200, 6,000, +500 (adds to the latest), 3500万元, 82000头, 45%; milestones take not-started/in-progress/done or a percent.",
    ),
    "help.opt.date": (
        "该数据截至的日期（默认今天）。",
        "The date the figure is as of (default today).",
    ),
    "help.opt.note": ("备注。", "A note."),
    "help.opt.source": ("数据来源（如 县统计局 5 月报表）。", "Where the figure came from."),
    "help.opt.by": ("记录人（默认当前系统用户）。", "Who records it (default: the OS user)."),
    "help.undo": (
        "撤销最后一条记录（或指定编号的记录）：追加一条撤销，历史仍可查。",
        "Retract the last record (or record SEQ) by appending a retraction; history keeps both.",
    ),
    "help.undo.example": (
        "示例：huandu undo 12 --note 录入错误",
        "Example: huandu undo 12 --note 'typo'",
    ),
    "help.arg.seq": (
        "要撤销的记录编号（默认最后一条）。",
        "Record number to retract (default: the last one).",
    ),
    "help.opt.undo_note": ("撤销原因。", "Why it is retracted."),
    "help.log": (
        "按时间顺序列出所有进度记录（含撤销）。",
        "List every progress record, oldest first (retractions included).",
    ),
    "help.log.example": (
        "示例：huandu log --county 宜阳 --format csv > 宜阳.csv",
        "Example: huandu log --county yiyang --format json",
    ),
    "help.opt.target": ("只看一项目标。", "Only one goal."),
    "help.show": (
        "查看一项目标的全部信息：原文、目标值、时限、最新数、完成率和历史。",
        "Everything about one goal: source quote, target, deadline, latest figure, completion, history.",
    ),
    "help.show.example": ("示例：huandu show 肉牛", "Example: huandu show yiyang.beef-cattle"),
    "help.info.example": (
        "示例：huandu info；huandu --home D:/台账 info",
        "Example: huandu info; huandu --home ~/ledger info",
    ),
    "help.info": (
        "显示正在使用的目标清单和进度记录文件。",
        "Show which registry and journal are in use.",
    ),
    # -- log / show / info
    "log.empty": ("还没有任何进度记录。", "No progress has been recorded yet."),
    "hint.first_update": (
        "记录第一个数：huandu update（逐步询问），或 huandu update 目标 数值，如 huandu update 肉牛 8.2万头",
        "Record the first figure: huandu update (asks step by step), or huandu update GOAL VALUE, e.g. huandu update yiyang.beef-cattle 82000头",
    ),
    "hint.first_update_for": (
        "还没有记录。记录第一个数：huandu update {id} 数值",
        "Nothing recorded yet. Record the first figure: huandu update {id} VALUE",
    ),
    "log.undo_of": ("撤销 #{seq}", "undo #{seq}"),
    "log.status.retracted": ("已撤销(#{seq})", "undone (#{seq})"),
    "log.status.retraction": ("撤销", "undo"),
    "log.status.active": ("有效", "active"),
    "col.date": ("日期", "Date"),
    "col.goal_id": ("目标编号", "Goal"),
    "col.value": ("数值", "Value"),
    "col.note": ("备注", "Note"),
    "col.source": ("来源", "Source"),
    "col.by": ("记录人", "By"),
    "col.status": ("状态", "Status"),
    "show.quoted": ("“{quote}”", '"{quote}"'),
    "show.county": ("县区", "County"),
    "show.source": ("出处", "Source"),
    "show.latest": ("最新数", "Latest"),
    "show.no_data": ("暂无", "none yet"),
    "show.latest_value": ("{value}（截至 {date}）", "{value} (as of {date})"),
    "show.percent": ("完成率", "Completion"),
    "show.history": ("历史记录", "History"),
    "first_run": (
        "huandu 把进度记录保存在 {home}（progress.toml，可直接查看和备份）。随时可用 huandu info 查看。",
        "huandu keeps your progress in {home} (progress.toml, plain text you can read and back up). huandu info shows this again.",
    ),
    "info.home": ("数据文件夹：{path}", "Data folder: {path}"),
    "info.registry.option": (
        "目标清单：{path}（由 --registry 或 HUANDU_REGISTRY 指定）",
        "Registry: {path} (from --registry or HUANDU_REGISTRY)",
    ),
    "info.registry.home": (
        "目标清单：{path}（数据文件夹中的副本）",
        "Registry: {path} (the copy in the data folder)",
    ),
    "info.registry.bundled": (
        "目标清单：{path}（随软件附带）",
        "Registry: {path} (bundled with huandu)",
    ),
    "info.registry_counts": (
        "  {counties} 个县区，{targets} 项目标",
        "  {counties} counties, {targets} goals",
    ),
    "info.journal": ("进度记录：{path}", "Progress journal: {path}"),
    "info.journal_counts": (
        "  {records} 条记录，{retractions} 条撤销",
        "  {records} records, {retractions} retractions",
    ),
    "info.journal_missing": (
        "  尚未创建（第一次 huandu update 时创建）",
        "  not created yet (the first huandu update creates it)",
    ),
    # -- interactive update
    "interactive.retry": ("  {message}，请重新输入。", "  {message}; please try again."),
    "interactive.cancelled": ("已取消，未写入任何内容。", "Cancelled; nothing was written."),
    "interactive.not_utf8": (
        "输入的不是有效的 UTF-8 文本，未写入任何内容；请把终端编码设为 UTF-8",
        "the input is not valid UTF-8 text, so nothing was written; set the terminal to UTF-8",
    ),
    "interactive.county": ("县区（序号或名称）", "County (number or name)"),
    "interactive.no_figure": ("暂无数据", "no figure yet"),
    "interactive.latest": ("最新 {value}，截至 {date}", "latest {value} as of {date}"),
    "interactive.goal": ("目标（序号或名称）", "Goal (number or name)"),
    "interactive.stage": ("进展（{stages}，或百分比）", "Progress ({stages}, or a percent)"),
    "interactive.value": ("数值（单位 {unit}）", "Value (in {unit})"),
    "interactive.date": ("截至日期", "As of date"),
    "interactive.note": ("备注（可空）", "Note (optional)"),
    "interactive.source": ("来源（可空）", "Source (optional)"),
    "interactive.summary": (
        "将记录：{county} {title} = {value}，截至 {date}\n  备注：{note}\n  来源：{source}",
        "About to record: {county} {title} = {value}, as of {date}\n  note: {note}\n  source: {source}",
    ),
    "interactive.confirm": ("确认写入？(y/n)", "Record it? (y/n)"),
    # -- report
    "help.report": (
        "完成情况报告：各项目标对照年度计划的完成率、时序进度、状态，以及各县区汇总。",
        "Completion report: each goal's completion against the plan and against the calendar (时序进度), its status, and a summary per county.",
    ),
    "help.report.example": (
        "示例：huandu report --as-of 1—5月 --status behind,far_behind；huandu report --monthly；huandu report --compare；huandu report --format xlsx --output 通报.xlsx",
        "Example: huandu report --as-of 1-5月 --status behind,far_behind; huandu report --monthly; huandu report --compare; huandu report --format xlsx --output report.xlsx",
    ),
    "help.opt.as_of": (
        "按哪一天的情况计算（默认今天）：日期，或时期如 5月、1—5月、一季度、上半年、前三季度、全年、2024-06（取该时期最后一天）。",
        "Compute as of this date (default today): a date, or a period such as 5月, 1-5月, Q1 or 2024-06 (its last day).",
    ),
    "help.opt.status": (
        "只列出这些状态的目标，逗号分隔：已完成、正常、滞后、严重滞后、逾期、无数据（也可写 done,on_track,behind,far_behind,overdue,no_data）。",
        "Only goals with these statuses, comma-separated: done,on_track,behind,far_behind,overdue,no_data.",
    ),
    "help.opt.output": (
        "写入文件（html、svg、xlsx 格式必填）。",
        "Write to this file (required for html, svg and xlsx).",
    ),
    "help.opt.monthly": (
        "逐月对照：本年各月末的完成率和灯，连续 3 个月及以上亮黄灯或红灯的目标列为“需督办”并排在最前。",
        "Month by month: each goal's completion and light at the end of every month so far; goals yellow or red three or more months running come first as needing escalation.",
    ),
    "help.opt.compare": (
        "同类对比：按目标清单的 compare 标签，把各县区的同类目标并列，按完成率排序。",
        "Side by side: like goals of different counties (grouped by the registry's compare tags), ordered by completion.",
    ),
    "report.monthly_and_compare": (
        "--monthly 与 --compare 只能选一个",
        "choose --monthly or --compare, not both",
    ),
    "report.xlsx_plain_only": (
        "xlsx 格式用于完成情况报告本身；--monthly 和 --compare 请用 table、json、csv、markdown、html 或 svg",
        "the xlsx format is for the report itself; for --monthly and --compare use table, json, csv, markdown, html or svg",
    ),
    "report.need_openpyxl": (
        "保存 .xlsx 需要 openpyxl：pip install 'huandu[xlsx]'",
        "saving .xlsx needs openpyxl: pip install 'huandu[xlsx]'",
    ),
    "report.need_output": (
        "{format} 格式需要用 --output 指定文件",
        "the {format} format needs --output FILE",
    ),
    "report.bad_status": (
        "未知状态 “{value}”，可选：{choices}",
        "unknown status '{value}'; choose from {choices}",
    ),
    "report.saved": ("已保存：{path}", "Saved: {path}"),
    "report.write_failed": ("无法写入 {path}：{reason}", "could not write {path}: {reason}"),
    "report.heading": (
        "{title}　完成情况（截至 {as_of}，全年时序进度 {expected}%）",
        "{title}: progress as of {as_of} (time elapsed in the plan year: {expected}%)",
    ),
    "report.summary": ("各县区汇总", "Summary by county"),
    "report.ring": ("环都市区合计", "Whole ring"),
    "report.county_heading": ("{county}：{positioning}", "{county}: {positioning}"),
    "report.legend": (
        "状态：完成率低于时序进度{behind}个百分点为“滞后”，低于{far}个百分点为“严重滞后”；过了时限仍未完成为“逾期”。",
        "Status: 'behind' is {behind} or more points below time progress (时序进度), 'far behind' {far} or more; 'overdue' is past the deadline and not met.",
    ),
    "report.legend_lights": (
        "灯：已完成、正常为绿，滞后为黄，严重滞后、逾期为红；里程碑在计划启动日期后仍未启动为黄，过了时限仍未完成为红。差距 = 完成率 − 时序进度（百分点）。",
        "Lights: green is done or on track, yellow behind, red far behind or overdue; a milestone is yellow when not started after its planned start, red when past its deadline and not done. Gap = completion − time progress, in points.",
    ),
    "report.legend_stale": (
        "未更新：最新数据距报告日期超过{days}天；已完成的目标不再要求更新。",
        "Stale: the latest figure is more than {days} days older than the report date; goals already done need no new figure.",
    ),
    "report.legend_goal_rules": (
        "另设阈值或更新周期的目标：{goals}。",
        "Goals with their own thresholds or update interval: {goals}.",
    ),
    "report.goal_rule": (
        "{title}（滞后{behind}、严重滞后{far}个百分点，{days}天更新）",
        "{title} (behind {behind}, far behind {far} points; update every {days} days)",
    ),
    "report.list_separator": ("；", "; "),
    "report.legend_vs_ring": (
        "较合计：该县区平均完成率与环都市区合计平均完成率之差（百分点）。",
        "vs ring: the county's mean completion minus the whole ring's, in points.",
    ),
    "report.legend_months": (
        "时序进度按整月计算：已过月数 ÷ 时限内月数。",
        "Time progress is counted in whole months: months ended ÷ months to the deadline.",
    ),
    "report.no_data_yet": (
        "还没有任何进度记录，所以各项目标都显示“无数据”。",
        "No progress has been recorded yet, so every goal shows 'no data'.",
    ),
    "report.nothing_listed": (
        "截至 {as_of}，没有符合所选条件的目标。",
        "No goal matches the chosen filters as of {as_of}.",
    ),
    "monthly.heading": (
        "{title}　逐月完成情况（截至 {as_of}）",
        "{title}: month by month, as of {as_of}",
    ),
    "monthly.escalate": (
        "需督办：连续 {months} 个月及以上亮黄灯或红灯（{count} 项）",
        "Needs escalation: yellow or red {months} or more months running ({count})",
    ),
    "monthly.others": ("其他目标", "Other goals"),
    "monthly.all": ("全部目标", "All goals"),
    "monthly.shown_last": (
        "仅显示最近 {shown} 个月（共 {total} 个月）；全部月份见 --format json、csv 或 markdown，或加宽终端。",
        "Only the last {shown} of {total} months fit; --format json, csv or markdown (or a wider terminal) shows them all.",
    ),
    "monthly.legend": (
        "每格：该月末（本月为截至日）的完成率（%）和灯：绿、黄、红；“—”为当时无数据。连续滞后：截至最近一个月，连续亮黄灯或红灯的月数。",
        "Each cell: completion (%) at the month's end (the as-of date for this month) and its light: G green, Y yellow, R red; '—' no figure yet. Months behind: consecutive months yellow or red, up to the latest.",
    ),
    "monthly.no_months": (
        "{as_of} 早于计划开始日 {start}，还没有可列的月份。",
        "{as_of} is before the plan starts ({start}); there is no month to show yet.",
    ),
    "monthly.nothing_listed": (
        "没有符合所选条件的目标。",
        "No goal matches the chosen filters.",
    ),
    "col.streak": ("连续\n滞后", "Months\nbehind"),
    "col.compare_title": ("同类目标对比", "Like goals side by side"),
    "compare.heading": (
        "{title}　同类目标对比（截至 {as_of}）",
        "{title}: like goals side by side, as of {as_of}",
    ),
    "compare.group": ("同类：{tag}", "Compared: {tag}"),
    "compare.none": (
        '目标清单中没有带 compare 标签的目标，无从对比；在 [[target]] 里加上 compare = "标签" 即可归类。',
        'No goal of the registry has a compare tag, so there is nothing to compare; add compare = "TAG" to [[target]] entries to group them.',
    ),
    "compare.nothing_listed": (
        "没有符合所选条件的同类目标。",
        "No tagged goal matches the chosen filters.",
    ),
    "compare.legend": (
        "按完成率排序（各目标单位可能不同，只比完成率）；标签只作归类，不改变任何数字。",
        "Ordered by completion (units may differ, so only completion is compared); a tag only groups goals and changes no figure.",
    ),
    "xlsx.summary": ("汇总", "Summary"),
    "xlsx.ring_row": ("环都市区合计", "Whole ring"),
    "col.id_full": ("目标编号", "Goal id"),
    "col.unit": ("单位", "Unit"),
    "col.stage": ("阶段", "Stage"),
    "col.projected": ("预计到期", "Projected"),
    "col.gap_points": ("差距（百分点）", "Gap (points)"),
    "col.days_since": ("距上次更新（天）", "Days since update"),
    "col.stale": ("未更新", "Stale"),
    "xlsx.stale_yes": ("未更新", "stale"),
    "status.done": ("已完成", "done"),
    "status.on_track": ("正常", "on track"),
    "status.behind": ("滞后", "behind"),
    "status.far_behind": ("严重滞后", "far behind"),
    "status.overdue": ("逾期", "overdue"),
    "status.no_data": ("无数据", "no data"),
    "col.status.done": ("已完成", "done"),
    "col.status.on_track": ("正常", "on\ntrack"),
    "col.status.behind": ("滞后", "behind"),
    "col.status.far_behind": ("严重\n滞后", "far\nbehind"),
    "col.status.overdue": ("逾期", "overdue"),
    "col.status.no_data": ("无\n数据", "no\ndata"),
    "col.rank": ("排名", "Rank"),
    "col.county": ("县区", "County"),
    "col.goals": ("目标数", "Goals"),
    "col.mean": ("平均\n完成率", "Mean"),
    "col.current": ("当前", "Current"),
    "col.completion": ("完成率", "Completion"),
    "col.expected": ("时序进度", "Time progress"),
    "col.updated": ("更新", "Updated"),
    "col.completion_short": ("完成率", "Compl."),
    "col.expected_short": ("时序\n进度", "Time\nprog."),
    "col.gap": ("差距", "Gap"),
    "col.light": ("灯", "Light"),
    "col.vs_ring": ("较合计", "vs\nring"),
    "light.green": ("绿", "green"),
    "light.yellow": ("黄", "yellow"),
    "light.red": ("红", "red"),
    "light.short.green": ("绿", "G"),
    "light.short.yellow": ("黄", "Y"),
    "light.short.red": ("红", "R"),
    "report.stale": ("未更新\n{days}天", "stale\n{days} days"),
    # -- registry vocabulary: categories and the default milestone stages
    "category.产业": ("产业", "Industry"),
    "category.城建": ("城建", "Urban development"),
    "category.农业": ("农业", "Agriculture"),
    "category.民生": ("民生", "Livelihoods"),
    "category.治理": ("治理", "Governance"),
    "category.文旅": ("文旅", "Culture & tourism"),
    "stage.未启动": ("未启动", "not started"),
    "stage.推进中": ("推进中", "in progress"),
    "stage.已完成": ("已完成", "done"),
    # -- import (batch import of a county's spreadsheet, and its template)
    "help.import": (
        "从表格批量导入进度数（CSV 或 .xlsx）：先逐行检查，全部无误才一次写入；或用 --template 生成填报模板。",
        "Import progress figures from a spreadsheet (CSV or .xlsx): every row is checked first and all are written at once, or none; or write a template to fill in with --template.",
    ),
    "help.import.example": (
        "示例：huandu import --template 宜阳5月.xlsx --county 宜阳；huandu import 宜阳5月.xlsx --dry-run；huandu import 宜阳5月.xlsx",
        "Example: huandu import --template yiyang-may.xlsx --county yiyang; huandu import yiyang-may.xlsx --dry-run; huandu import yiyang-may.xlsx",
    ),
    "help.arg.import_file": (
        "要导入的表格：CSV（UTF-8 或 GBK）或 .xlsx（读第一个工作表）。列：目标编号/目标、数值、日期、备注、来源、记录人。",
        "The spreadsheet to import: CSV (UTF-8 or GBK) or .xlsx (its first sheet). Columns: goal, value, date, note, source, by (or their Chinese names).",
    ),
    "help.opt.dry_run": (
        "只检查并显示将记录的内容，不写入。",
        "Check and show what would be recorded; write nothing.",
    ),
    "help.opt.template": (
        "生成填报模板（.csv 或 .xlsx），每项目标一行，不导入。",
        "Write a template to fill in (.csv or .xlsx), one line per goal; imports nothing.",
    ),
    "help.opt.import_county": (
        "只用一个县区的目标：模板只列该县区，导入时其他县区的目标会被拒绝。",
        "Only one county's goals: the template lists only them, and an import refuses other counties' goals.",
    ),
    "import.missing_file": ("找不到文件 {path}", "file {path} not found"),
    "import.need_file": (
        "请给出要导入的文件，或用 --template FILE 生成模板",
        "give the file to import, or --template FILE to write a template",
    ),
    "import.file_and_template": (
        "导入文件和 --template 不能同时使用",
        "give either a file to import or --template FILE, not both",
    ),
    "import.other_spreadsheet": (
        "{path}：无法读取这种表格格式（如 .xls、WPS .et）；请另存为 .xlsx 或 CSV（UTF-8）",
        "{path}: this kind of spreadsheet (.xls, .et, .ods ...) cannot be read; save it as .xlsx or CSV (UTF-8)",
    ),
    "import.not_text": (
        "{path}：既不是 CSV 文本（UTF-8 或 GBK），也不是 .xlsx 工作簿",
        "{path}: neither CSV text (UTF-8 or GBK) nor an .xlsx workbook",
    ),
    "import.bad_csv": (
        "{path}:{line}：CSV 格式有误（{reason}）",
        "{path}:{line}: malformed CSV ({reason})",
    ),
    "import.need_openpyxl": (
        "读写 .xlsx 需要 openpyxl：pip install 'huandu[xlsx]'（或另存为 CSV）",
        "reading and writing .xlsx needs openpyxl: pip install 'huandu[xlsx]' (or save the sheet as CSV)",
    ),
    "import.bad_xlsx": (
        "{path}：不是可读取的 .xlsx 工作簿（{reason}）",
        "{path}: not a readable .xlsx workbook ({reason})",
    ),
    "import.empty": ("{path}：表格是空的", "{path}: the sheet is empty"),
    "import.missing_columns": (
        "{path}：缺少必填列 {missing}；表头中的列为：{found}",
        "{path}: missing column(s) {missing}; the columns found are: {found}",
    ),
    "import.duplicate_column": (
        "{path}：{columns} 这几列含义相同，请只保留一列",
        "{path}: the columns {columns} mean the same thing; keep only one",
    ),
    "import.duplicate": (
        "与已有记录 #{seq} 重复（同一目标、同一日期 {date}、同一数值），可能已经导入过；请删去此行，或先撤销 #{seq}",
        "repeats record #{seq} (same goal, date {date} and figure): this sheet may have been imported already; remove the row, or undo #{seq} first",
    ),
    "import.formula": (
        "{columns} 列是公式但没有保存计算结果；请在 Excel 中打开并保存后再导入",
        "the {columns} cell holds a formula with no saved result; open and save the file in Excel, then import it",
    ),
    "import.no_goal": ("没有填写目标", "no goal given"),
    "import.row": ("第 {row} 行：{message}", "row {row}: {message}"),
    "import.refused": (
        "{count} 行有问题，未写入任何内容",
        "{count} row(s) have problems; nothing was written",
    ),
    "import.nothing": (
        "{path}：没有可导入的行（数值列都是空的）",
        "{path}: there is nothing to import (the value column is empty)",
    ),
    "import.done": (
        "已导入 {records} 条记录，涉及 {goals} 项目标",
        "Imported {records} records for {goals} goals",
    ),
    "import.encoding.utf-8": ("UTF-8", "UTF-8"),
    "import.encoding.utf-8-sig": ("UTF-8（带 BOM）", "UTF-8 with BOM"),
    "import.encoding.utf-16": ("UTF-16", "UTF-16"),
    "import.encoding.gb18030": ("GBK/GB18030", "GBK/GB18030"),
    "import.dry_run.csv": (
        "{path}：CSV，编码 {encoding}，{rows} 行待记录",
        "{path}: CSV, encoding {encoding}, {rows} row(s) to record",
    ),
    "import.dry_run.xlsx": (
        "{path}：Excel 工作簿，工作表 “{sheet}”，{rows} 行待记录",
        "{path}: Excel workbook, sheet '{sheet}', {rows} row(s) to record",
    ),
    "import.dry_run.ignored": ("  未使用的列：{columns}", "  columns not used: {columns}"),
    "import.dry_run.skipped": (
        "  跳过 {count} 行：只有目标，没有数值（未填写的模板行）",
        "  {count} row(s) skipped: a goal and nothing else (unfilled template lines)",
    ),
    "import.dry_run.row": (
        "  第 {row} 行：{goal} = {value}（截至 {date}）",
        "  row {row}: {goal} = {value} (as of {date})",
    ),
    "import.dry_run.typed": ("，填写为 {input}", ", typed {input}"),
    "import.dry_run.would": (
        "试运行：将导入 {records} 条记录，涉及 {goals} 项目标；未写入任何内容",
        "Dry run: {records} records for {goals} goals would be imported; nothing was written",
    ),
    "import.template_saved": (
        "已生成模板：{path}（{goals} 项目标）。填写数值、日期（可空，默认导入当天）、备注、来源后：huandu import {path}",
        "Template written: {path} ({goals} goals). Fill in value, date (empty means the day of import), note, source, then: huandu import {path}",
    ),
    "import.template_exists": (
        "{path} 已存在，未覆盖；请换个文件名或先删除它",
        "{path} already exists and was not overwritten; choose another name or delete it first",
    ),
    "import.template_suffix": (
        "{path}：模板文件名须以 .csv 或 .xlsx 结尾",
        "{path}: the template's name must end in .csv or .xlsx",
    ),
    "import.write_failed": ("无法写入 {path}：{reason}", "could not write {path}: {reason}"),
}
