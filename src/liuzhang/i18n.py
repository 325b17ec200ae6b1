"""User-facing text in Chinese (default) and English.

Every message has a code; core modules return codes with parameters and only the renderer
turns them into words. ``LIUZHANG_LANG=en`` or ``--lang en`` switches to English.
"""

from __future__ import annotations

import os
from typing import Any, Literal

Lang = Literal["zh", "en"]


def default_lang() -> Lang:
    """The language from ``LIUZHANG_LANG`` (``zh`` unless it says ``en``)."""
    value = os.environ.get("LIUZHANG_LANG", "zh").strip().lower()
    return "en" if value.startswith("en") else "zh"


# code -> (zh, en). Parameters use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    # YAML reading
    "file_missing": ("找不到文件", "file not found"),
    "file_unreadable": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "file_not_utf8": (
        "文件不是 UTF-8 编码（第 {offset} 字节附近）",
        "the file is not UTF-8 (near byte {offset})",
    ),
    "yaml_syntax": ("YAML 语法错误：{reason}", "YAML syntax error: {reason}"),
    "yaml_duplicate_key": ("键“{key}”重复出现", "duplicate key '{key}'"),
    "yaml_alias": (
        "不允许使用 YAML 锚点或别名（& / *）",
        "YAML anchors and aliases (& / *) are not allowed",
    ),
    "yaml_tag": ("不允许使用 YAML 标签 {tag}", "YAML tag {tag} is not allowed"),
    "yaml_complex_key": ("键必须是简单文本", "keys must be plain text"),
    "yaml_multiple_documents": (
        "一个文件只能有一个 YAML 文档",
        "a file must hold a single YAML document",
    ),
    "yaml_too_deep": ("嵌套超过 {limit} 层", "nesting deeper than {limit} levels"),
    "yaml_too_large": ("文件超过 {limit_mb} MB", "the file is larger than {limit_mb} MB"),
    "data_dir_missing": (
        "找不到数据目录：{path}（用 --data 或 LIUZHANG_DATA 指定）",
        "data directory not found: {path} (use --data or LIUZHANG_DATA)",
    ),
    # The workspace: one plan at the root of the data directory, or one per sub-folder
    "workspace_empty": (
        "数据目录 {path} 中没有方案：用 liuzhang init --area 地区 --year 年度 新建一个",
        "no plan in the data directory {path}: start one with liuzhang init --area AREA --year YEAR",
    ),
    "workspace_mixed": (
        "数据目录 {path} 的根目录有方案文件（{files}），又有方案子目录（{folders}）：每个方案放一个子目录",
        "the data directory {path} has plan files at its root ({files}) and plan folders "
        "({folders}): put each plan in a folder of its own",
    ),
    "plan_yaml_missing": (
        "缺少 {path}：每个方案目录都要有 plan.yaml（地区、年度、标题等），可用 liuzhang init 生成",
        "{path} is missing: every plan folder needs a plan.yaml (area, year, title…); "
        "liuzhang init writes one",
    ),
    "plan_yaml_invalid": (
        "{path} 有误，无法确定方案的地区和年度（见上）",
        "{path} is invalid: the plan's area and year cannot be read (see above)",
    ),
    "plan_duplicate": (
        "两个方案都是 {plan}：{first} 与 {second}",
        "two plans claim {plan}: {first} and {second}",
    ),
    "plan_not_found": (
        "没有方案“{value}”（有：{choices}）；--plan 可写年度 2024、地区/年度 南县/2023 或子目录名",
        "no plan '{value}' (plans: {choices}); --plan takes a year (2024), area/year "
        "(南县/2023) or a folder name",
    ),
    "plan_ambiguous": (
        "“{value}”对应多个方案：{choices}；请用 --plan 地区/年度 指定",
        "'{value}' matches several plans: {choices}; choose one with --plan AREA/YEAR",
    ),
    # -- docx helper (issue 15): new codes below this line
    "docx_no_soffice": (
        "未找到 LibreOffice（soffice），无法生成 PDF：请先安装，例如 Debian/Ubuntu 上 "
        "apt-get install libreoffice-writer-nogui；不需要它的 -f docx 可直接写出 Word 文件",
        "LibreOffice (soffice) was not found, so no PDF: install it first, e.g. on Debian/Ubuntu "
        "apt-get install libreoffice-writer-nogui; -f docx writes the Word file without it",
    ),
    "docx_pdf_failed": (
        "LibreOffice 未能把 {path} 转成 PDF：{reason}",
        "LibreOffice could not convert {path} to PDF: {reason}",
    ),
    "docx_pdf_timeout": (
        "LibreOffice 把 {path} 转成 PDF 超过 {seconds} 秒仍未完成",
        "LibreOffice took more than {seconds} seconds to convert {path} to PDF",
    ),
    "docx_font_substituted": (
        "警告：PDF 未使用字体“{font}”（{role}），实际用了替代字体 {used}；请在本机安装该字体，"
        "或用 --font {role}=已安装的字体 / plan.yaml documents 指定",
        "warning: the PDF does not use the font '{font}' ({role}); a substitute replaced it: "
        "{used}; install that font, or name an installed one with --font {role}=… or in "
        "plan.yaml documents",
    ),
    "docx_font_check_skipped": (
        "警告：未找到 pdffonts（poppler-utils），未检查 PDF 所用字体",
        "warning: pdffonts (poppler-utils) was not found, so the PDF's fonts were not checked",
    ),
    "report_font_malformed": (
        "--font “{value}”无效：请写成 键=字体名，键为 {choices}",
        "--font '{value}' is not valid: write KEY=FONT NAME, KEY one of {choices}",
    ),
    "report_date_malformed": (
        "--date “{value}”无效：请写成 2023-07-10 这样的日期",
        "--date '{value}' is not a date: write it as 2023-07-10",
    ),
    "plan_year_none": (
        "{year} 年没有方案（有：{choices}）",
        "no plan for {year} (plans: {choices})",
    ),
    "plan_year_mismatch": (
        "方案 {plan} 不是 {year} 年的（有：{choices}）",
        "the plan {plan} is not the plan of {year} (plans: {choices})",
    ),
    "plan_area_ambiguous": (
        "工作区有多个地区的方案（{choices}）：请用 --plan 指定地区",
        "the workspace holds plans of several areas ({choices}): choose one with --plan",
    ),
    "data_file_empty": ("文件为空（没有任何内容）", "the file is empty"),
    "store_unwritable": (
        "无法打开或写入数据库 {path}（{reason}）：目录是否只读？可用 --db 指定其他位置",
        "cannot open or write the database {path} ({reason}): is the folder read-only? use --db to put it elsewhere",
    ),
    # Schema (plandata.catalog.SCHEMA_CODES maps pydantic's error types to these)
    "field_missing": ("缺少必填字段", "required field is missing"),
    "field_unknown": ("未知字段（拼写错误？）", "unknown field (a typo?)"),
    "value_not_allowed": (
        "取值“{input}”无效，应为 {expected}",
        "invalid value '{input}', expected {expected}",
    ),
    "expected_integer": ("应为整数，实为“{input}”", "expected a whole number, got '{input}'"),
    "expected_number": ("应为数字，实为“{input}”", "expected a number, got '{input}'"),
    "expected_finite": ("应为有限数字", "expected a finite number"),
    "expected_text": ("应为文本，实为“{input}”", "expected text, got '{input}'"),
    "expected_bool": ("应为 true 或 false，实为“{input}”", "expected true or false, got '{input}'"),
    "expected_list": ("应为列表", "expected a list"),
    "expected_mapping": ("应为映射（键: 值）", "expected a mapping (key: value)"),
    "too_few_items": ("至少需要 {min_length} 项", "needs at least {min_length} item(s)"),
    "text_empty": ("不能为空", "must not be empty"),
    "text_pattern": ("格式不符，应匹配 {pattern}", "wrong format, must match {pattern}"),
    "number_at_least": ("应不小于 {ge}", "must be at least {ge}"),
    "number_at_most": ("应不大于 {le}", "must be at most {le}"),
    "number_above": ("应大于 {gt}", "must be greater than {gt}"),
    "number_below": ("应小于 {lt}", "must be less than {lt}"),
    "choice_invalid": ("取值无效", "invalid value"),
    "schema_other": ("不符合格式：{reason}", "does not fit the schema: {reason}"),
    # Our own field rules
    "deadline_format": (
        "期限“{input}”无效，应为 YYYY-MM、YYYY-MM-DD 或 ongoing",
        "invalid deadline '{input}', expected YYYY-MM, YYYY-MM-DD or ongoing",
    ),
    "date_format": (
        "日期“{input}”无效，应为 YYYY-MM 或 YYYY-MM-DD",
        "invalid date '{input}', expected YYYY-MM or YYYY-MM-DD",
    ),
    "target_required": (
        "{measure} 类指标必须有目标值 target",
        "a {measure} target needs a target value",
    ),
    "pacing_not_cumulative": (
        "只有累计类（cumulative）指标才能设置进度分配 pacing",
        "only cumulative targets may declare a pacing",
    ),
    "pacing_month": ("进度分配的月份 {month} 应在 1–12 之间", "pacing month {month} must be 1-12"),
    "pacing_share": (
        "进度分配 {month} 月的比例 {share} 应在 0–1 之间",
        "pacing share {share} for month {month} must be between 0 and 1",
    ),
    "pacing_decreasing": (
        "进度分配不能回落：{month} 月的 {share} 小于之前的 {previous}",
        "pacing must not decrease: {share} in month {month} is below the earlier {previous}",
    ),
    "pacing_incomplete": (
        "进度分配必须在 12 月达到 1（全年完成），当前最后为 {month} 月 {share}",
        "pacing must reach 1 in month 12 (the whole year); it ends at {share} in month {month}",
    ),
    "id_format": (
        "编号“{input}”无效：只能用小写字母、数字、- 和 _，以字母或数字开头",
        "invalid id '{input}': use a-z, 0-9, - and _, starting with a letter or digit",
    ),
    # Cross-file checks
    # -- init helper: new codes below this line (init, plans, review flags)
    "item_needs_review": (
        "“{id}”待复核（needs_review: true）：核对目标值、期限和出处后删除这一行",
        "'{id}' needs review (needs_review: true): check its value, dates and sources, then delete that line",
    ),
    "validate_warnings": ("另有 {warnings} 个警告（见上）", "{warnings} warning(s) (see above)"),
    "review_summary": (
        "{file}：{count} 项待复核（needs_review: true）：{ids}{more}（--format json 列出每一项的行号）",
        "{file}: {count} item(s) to review (needs_review: true): {ids}{more} (--format json lists "
        "each with its line)",
    ),
    "validate_ok_plan": (
        "{plan}（{folder}）：{targets} 项指标、{tasks} 项任务、{units} 个单位",
        "{plan} ({folder}): {targets} targets, {tasks} tasks, {units} units",
    ),
    "init_area_needed": (
        "新方案要写明地区：liuzhang init --area 地区 --year {year}；或用 --from 年度 复制已有方案（有：{choices}）",
        "a new plan needs its area: liuzhang init --area AREA --year {year}; or copy a plan with --from YEAR (plans: {choices})",
    ),
    # -- notices helper (issue 15): new codes below this line
    "notices_written": (
        "已为 {n} 个单位写督办通知（整改时限 {reply_by}）：{path}",
        "wrote {n} notice(s) (reply by {reply_by}) in {path}",
    ),
    "notices_none": (
        "{period}没有未完成、滞后、应报未报或逾期的事项：不写督办通知",
        "nothing missed, behind, missing or overdue in {period}: no notice written",
    ),
    "notices_unassigned": (
        "{n} 项督办事项没有牵头单位，未写入任何督办通知：{items}",
        "{n} watched item(s) have no lead unit and are in no notice: {items}",
    ),
    "reply_by_malformed": (
        "--reply-by “{value}”无效：请写成 2023-07-17 这样的日期",
        "--reply-by '{value}' is not a date: write it as 2023-07-17",
    ),
    "reply_by_before_date": (
        "--reply-by {value} 早于成文日期 {date}",
        "--reply-by {value} is before the document's date {date}",
    ),
    "reply_options_conflict": (
        "--reply-days 与 --reply-by 只能给一个",
        "give --reply-days or --reply-by, not both",
    ),
    "reply_options_without_notices": (
        "--reply-days 和 --reply-by 只用于督办通知：请同时给 --notices",
        "--reply-days and --reply-by are for the notices: add --notices",
    ),
    "init_area_needed_first": (
        "新方案要写明地区：liuzhang init --area 地区 --year {year}",
        "a new plan needs its area: liuzhang init --area AREA --year {year}",
    ),
    "init_data_is_a_plan": (
        "{path} 是工作区 {root} 中的一个方案目录：用 --data {root} 指定整个工作区",
        "{path} is one plan folder of the workspace {root}: give the whole workspace with --data {root}",
    ),
    "init_area_ambiguous": (
        "工作区有多个地区的方案（{choices}）：请用 --area 指定复制哪个地区的方案",
        "the workspace holds plans of several areas ({choices}): choose one with --area",
    ),
    "init_from_missing": (
        "没有 {area} {year} 年的方案可复制（有：{choices}）",
        "no plan of {area} for {year} to copy (plans: {choices})",
    ),
    "init_from_invalid": (
        "方案 {plan} 有错误（见上）：先改正，再据它生成新方案",
        "the plan {plan} has errors (see above): fix them before copying it",
    ),
    "init_plan_exists": (
        "方案 {plan} 已存在：{path}（不会覆盖）",
        "the plan {plan} already exists: {path} (nothing is overwritten)",
    ),
    "init_file_exists": (
        "{path} 已存在：不会覆盖，换一个目录（--folder）或先移走它",
        "{path} already exists: nothing is overwritten; choose another folder (--folder) or move it away",
    ),
    "init_folder_name": (
        "目录名“{value}”不可用：--folder 只写一个子目录名，如 2024 或 南县-2024",
        "the folder name '{value}' cannot be used: --folder takes one sub-folder name, e.g. 2024",
    ),
    "init_options_conflict": (
        "--level 和 --title 只用于新建空白方案；复制方案（--from）时请在生成的 plan.yaml 中修改",
        "--level and --title are for a new empty plan; with --from, edit the plan.yaml written",
    ),
    "init_edit_unsupported": (
        "{path}:{line}: 无法自动修改 {field}（多行写法）：改成一行后再运行",
        "{path}:{line}: cannot edit {field} (written over several lines): write it on one line and run again",
    ),
    "init_write_failed": (
        "无法写入 {path}（{reason}）：没有留下任何改动",
        "cannot write {path} ({reason}): nothing was changed",
    ),
    "init_moved": (
        "原方案 {plan} 的文件已移入子目录 {folder}：{files}（每个方案一个子目录）",
        "the files of the plan {plan} moved into the folder {folder}: {files} (one folder per plan)",
    ),
    "init_schemas_written": (
        "编辑器用的 JSON Schema 已写入 {path}",
        "JSON Schemas for editors written to {path}",
    ),
    "init_written": (
        "新方案 {plan} 已写入 {folder}：{files}",
        "the new plan {plan} is written to {folder}: {files}",
    ),
    "init_copied": (
        "复制自 {source}：目标值不变，{dates} 处日期（完成时限、节点日期）顺延 {years} 年",
        "copied from {source}: target values kept, {dates} date(s) (deadlines, checkpoints) moved on by {years} year(s)",
    ),
    "init_next": ("接下来：", "Next:"),
    "init_next_document": (
        "plan.yaml：填写 {year} 年方案的文号（document）和印发日期（issued），确认印发机关（issuer）和标题",
        "plan.yaml: fill in the document number (document) and issue date (issued) of the {year} plan; check the issuer and the title",
    ),
    "init_next_review": (
        "{targets} 个指标、{tasks} 项任务标记为待复核（needs_review）：对照新方案核对每个目标值、期限和出处，核对后删除该行；liuzhang validate 列出尚待复核的各项",
        "{targets} targets and {tasks} tasks are marked for review (needs_review): check each value, deadline and source against the new plan, then delete that line; liuzhang validate lists those left",
    ),
    "init_next_mentions": (
        "名称或原文提到 {year} 年的 {n} 项：{ids}",
        "{n} item(s) whose name or text mentions {year}: {ids}",
    ),
    "init_next_source": (
        "新方案的原文放入 {folder} 后，更新各项的出处（sources 仍引用 {year} 年的原文）",
        "put the new plan's text into {folder}, then update the sources (they still quote the {year} plan)",
    ),
    "init_next_empty": (
        "在 plan.yaml 中填写标题、文号、调度机构和各部分（sections），在 units.yaml、targets.yaml、tasks.yaml 中录入单位、指标和任务，然后运行 liuzhang validate",
        "fill in plan.yaml (title, document, office, sections), then the units, targets and tasks in units.yaml, targets.yaml and tasks.yaml, and run liuzhang validate",
    ),
    "plans_with_problems": (
        "{n} 个方案的数据有错误（{folders}）：用 liuzhang validate 目录 查看",
        "{n} plan(s) have errors in their data ({folders}): see liuzhang validate FOLDER",
    ),
    "duplicate_id": (
        "编号“{id}”重复（首次出现在 {first}）",
        "duplicate id '{id}' (first at {first})",
    ),
    "duplicate_unit_name": (
        "单位名称“{name}”重复：已用于“{other}”（{first}）",
        "unit name '{name}' is already used for '{other}' ({first})",
    ),
    "unknown_unit": ("未知单位“{name}”{hint}", "unknown unit '{name}'{hint}"),
    "unknown_task": ("关联的任务“{task}”不存在{hint}", "linked task '{task}' does not exist{hint}"),
    "unknown_parent": ("上级单位“{name}”不存在", "parent unit '{name}' does not exist"),
    "outside_plan_year": (
        "日期 {date} 不在计划年度 {year} 年内",
        "date {date} is outside the plan year {year}",
    ),
    "group_member_not_group": (
        "“{name}”不是单位组或议事机构，不能有 members",
        "'{name}' is neither a group nor a committee and cannot have members",
    ),
    "unknown_battle": (
        "编号 {battle} 不在 plan.yaml 的 sections 中（有：{choices}）",
        "section {battle} is not among the sections of plan.yaml ({choices})",
    ),
    "duplicate_section": (
        "plan.yaml 中编号 {number} 出现了两次",
        "section number {number} appears twice in plan.yaml",
    ),
    "field_moved_to_plan": (
        "“{field}”已移到 plan.yaml（方案的地区、年度、标题和各部分都在那里）",
        "'{field}' has moved to plan.yaml (the plan's area, year, title and sections live there)",
    ),
    "hint_did_you_mean": ("，是否指“{suggestion}”？", ", did you mean '{suggestion}'?"),
    # Submissions (file level)
    "not_text": (
        "不是文本文件（第 {offset} 字节是空字节）",
        "not a text file (NUL byte at offset {offset})",
    ),
    "encoding_unknown": (
        "无法识别编码（第 {offset} 字节附近），请另存为 UTF-8 或 GBK 的 CSV",
        "unknown encoding (near byte {offset}); save as CSV in UTF-8 or GBK",
    ),
    "csv_malformed": ("CSV 格式错误：{reason}", "malformed CSV: {reason}"),
    "file_empty": ("文件为空", "the file is empty"),
    "file_too_large": ("文件超过 {limit_mb} MB", "the file is larger than {limit_mb} MB"),
    # -- dekad helper (issue 15): new codes below this line
    "dekad_malformed": (
        "旬“{value}”无效：请写成 2023-06-上旬、2023-06-中旬、2023-06-下旬（或 2023年6月中旬）",
        "invalid dekad '{value}': write 2023-06-上旬, 2023-06-中旬 or 2023-06-下旬"
        " (or 2023年6月中旬)",
    ),
    "dekad_with_other": (
        "--dekad 不能与 --month、--quarter 或 --notices 同用：旬简报单独生成",
        "--dekad cannot be used with --month, --quarter or --notices: the brief is made alone",
    ),
    "xlsx_unreadable": ("无法读取 xlsx 文件（{reason}）", "cannot read the xlsx file ({reason})"),
    "xls_unsupported": (
        "不支持旧版 .xls，请在 Excel/WPS 中另存为 .xlsx 或 CSV",
        "old .xls files are not supported; save as .xlsx or CSV",
    ),
    "sheet_missing": (
        "没有名为“{sheet}”的工作表（现有：{sheets}）",
        "no sheet '{sheet}' (sheets: {sheets})",
    ),
    "xlsx_merged_header": (
        "表头有合并单元格 {cells}，请取消合并，每列一个表头",
        "merged header cells {cells}; unmerge them, one header per column",
    ),
    "sheet_ambiguous": (
        "有多个可见工作表像填报表（{sheets}），请用 --sheet 指定要导入的一个",
        "several visible sheets look like submissions ({sheets}); choose one with --sheet",
    ),
    "sheet_for_csv": (
        "--sheet 只用于 xlsx 文件，{file} 不是 xlsx",
        "--sheet applies to .xlsx files only; {file} is not one",
    ),
    "file_is_directory": (
        "这是目录，不是文件：请给出其中的填报文件（如 目录/*.csv）",
        "this is a directory, not a file: name the submissions in it (e.g. dir/*.csv)",
    ),
    "period_numeric": (
        "期间单元格是数字 {value}，无法判断月份（Excel 会把 2023.10 存成 2023.1）：请把期间写成文本，如 2023-10 或 2023年10月",
        "the period cell is the number {value}, which is ambiguous (Excel stores 2023.10 as 2023.1): type the period as text, e.g. 2023-10 or 2023年10月",
    ),
    "xlsx_formula_uncached": (
        "单元格 {cell} 是公式，文件中没有计算结果：请在 Excel/WPS 中打开并保存后再导入",
        "cell {cell} holds a formula without a computed value: open and save the file in Excel/WPS, then ingest it again",
    ),
    "column_missing": ("缺少列 {column}", "missing column {column}"),
    "column_duplicate": ("列“{column}”与“{first}”重复", "column '{column}' duplicates '{first}'"),
    "no_data_rows": ("只有表头，没有数据行", "header only, no data rows"),
    # Submissions (row level)
    # -- intake helper: new codes below this line (rows routed to plans)
    "period_year_no_plan": (
        "期间“{value}”所属的 {year} 年没有方案（有：{plans}）",
        "period '{value}' is in {year}, which has no plan (plans: {plans})",
    ),
    "ingest_to_plan": (" → {plan}", " → {plan}"),
    "ingest_to_plans": (" → {plan}：{rows} 行", " → {plan}: {rows} rows"),
    "ingest_plan_more": ("，{plan}：{rows} 行", ", {plan}: {rows} rows"),
    "id_empty": ("编号为空", "the id is empty"),
    "extra_cells": (
        '这一行有 {count} 个单元格，多于表头的 {columns} 列（数字里的逗号没有加引号？如 1,200 应写成 1200 或 "1,200"）',
        'this row has {count} cells, more than the header\'s {columns} columns (an unquoted comma in a number? write 1200 or "1,200")',
    ),
    "id_unknown": ("未知编号“{id}”{hint}", "unknown id '{id}'{hint}"),
    "period_empty": ("期间为空", "the period is empty"),
    "period_malformed": (
        "期间“{value}”无法识别（可用 2023-06、2023年1-6月、2023-Q2、2023年二季度、2023、2023-06-上旬）",
        "unrecognised period '{value}' (use 2023-06, 2023-Q2, 2023, 2023-06-上旬)",
    ),
    "value_missing": ("缺少数值", "the value is missing"),
    "value_empty": ("数值为空", "the value is empty"),
    "value_out_of_range": (
        "数值 {value} 超出合理范围（绝对值应小于 10¹⁵）",
        "the value {value} is out of range (must be below 10^15)",
    ),
    "value_malformed": ("数值“{value}”无法识别", "unrecognised number '{value}'"),
    "unit_mismatch": (
        "单位“{unit}”无法换算为指标单位“{target}”",
        "unit '{unit}' cannot be converted to the target's unit '{target}'",
    ),
    "unit_conflict": (
        "数值中的单位“{cell}”与单位列“{column}”矛盾",
        "the unit in the value '{cell}' contradicts the unit column '{column}'",
    ),
    "status_unknown": (
        "状态“{value}”无法识别（可用 未启动/推进中/已完成）",
        "unrecognised status '{value}' (use not_started/in_progress/done)",
    ),
    "status_missing": (
        "任务必须填写状态（未启动/推进中/已完成）",
        "a task needs a status (not_started/in_progress/done)",
    ),
    "status_for_target": (
        "“{id}”是指标，应填数值而不是任务状态",
        "'{id}' is a target: give a value, not a task status",
    ),
    "milestone_value": (
        "节点类指标的数值应为 1/0 或 是/否，实为“{value}”",
        "a milestone takes 1/0 or a status, got '{value}'",
    ),
    "value_for_task": (
        "任务的数值只能是完成百分比（0–100%），实为“{value}”",
        "a task's value can only be a percentage (0-100%), got '{value}'",
    ),
    "task_percent_range": (
        "完成百分比应在 0–100 之间，实为“{value}”",
        "a percentage must be 0-100, got '{value}'",
    ),
    "conflicting_duplicate": (
        "与第 {row} 行冲突：同一编号“{id}”和期间 {period} 填了不同的值",
        "conflicts with row {row}: id '{id}' and period {period} given twice with different values",
    ),
    # Ownership and plausibility (intake)
    "not_owner": (
        "{unit} 不是“{id}”的牵头或责任单位（应由 {owners} 报送）；确需代报请加 --allow-other-units",
        "{unit} neither leads nor shares '{id}' (owned by {owners}); --allow-other-units accepts it",
    ),
    "status_ignored": (
        "“{id}”是指标，已按数值导入，忽略所填状态",
        "'{id}' is a target: the value was stored, the status ignored",
    ),
    "rate_fraction": (
        "数值 {value}{unit} 像是小数写法（目标 {target}{unit}），是否应为 {scaled}？",
        "the value {value}{unit} looks like a fraction (target {target}{unit}); did you mean {scaled}?",
    ),
    "rate_scale": (
        "数值 {value}{unit} 是目标 {target}{unit} 的 100 倍以上，单位或小数点是否有误？",
        "the value {value}{unit} is 100 times the target {target}{unit} or more: a wrong unit or decimal point?",
    ),
    "over_target": (
        "数值 {value} {unit} 超过全年目标 {target} {unit} 的 10 倍，单位（万、亿）是否有误？",
        "the value {value} {unit} is over 10 times the annual target {target} {unit}: a wrong magnitude?",
    ),
    # -- timeliness helper (issue 15): new codes below this line
    "received_malformed": (
        "--received “{value}”无效：请写成 2023-07-04 这样的日期（文件收到的日期）",
        "--received '{value}' is not a date: write it as 2023-07-04 (the day the files arrived)",
    ),
    "received_in_future": (
        "警告：收到日期 {received} 晚于今天（{today}），请核实；仍按此日期记录",
        "warning: the received date {received} is after today ({today}); please check."
        " It is recorded as given",
    ),
    "received_before_period": (
        "收到日期 {received} 早于所报期间 {period} 结束（{end}），请核实；仍按此日期记录",
        "the received date {received} is before the end of the period reported, {period}"
        " ({end}); please check. It is recorded as given",
    ),
    "timeliness_period_required": (
        "请用 --month（如 2023-06）或 --quarter（如 2023-Q2）指定期间（二者选一）",
        "give --month (e.g. 2023-06) or --quarter (e.g. 2023-Q2), one of them",
    ),
    "timeliness_period_malformed": (
        "期间“{value}”无效：--month 写成 2023-06，--quarter 写成 2023-Q2",
        "'{value}' is not a period: write --month as 2023-06, --quarter as 2023-Q2",
    ),
    "timeliness_date_malformed": (
        "--as-of-date “{value}”无效：请写成 2023-07-20 这样的日期",
        "--as-of-date '{value}' is not a date: write it as 2023-07-20",
    ),
    "timeliness_nothing_expected": (
        "{period} 没有应报的数据（月度指标自 2 月起按月报送，季度指标在季末月，年度指标在 12 月）",
        "nothing is due for {period} (monthly targets from February on, quarterly ones in"
        " quarter-end months, annual ones in December)",
    ),
    "ytd_decrease": (
        "累计值 {value} {unit} 小于上一期 {previous_period} 的 {previous} {unit}（填成了当月数？）",
        "the year-to-date value {value} {unit} is below {previous} {unit} of {previous_period} (a single month's figure?)",
    ),
    "repeated_value": (
        "数值 {value} {unit} 与前两个月（{periods}）完全相同，是否照抄了上月数据？",
        "the value {value} {unit} equals that of the two months before ({periods}): copied from last month?",
    ),
    "task_reopened": (
        "上一期 {previous_period} 已报“已完成”，本期改为“{status}”，请核实",
        "reported done in {previous_period}, now '{status}': please check",
    ),
    # Store
    # -- store helper: new codes below this line (schema 6, plans kept apart)
    "store_migration_needs_area": (
        "数据库 {path} 来自旧版本（数据库版本 {version}），其中的数据需归入某个地区的计划才能升级："
        "请运行一个带 --plan 的命令（如 liuzhang status --plan 2023），其数据将归入该计划所在地区"
        "相应年份的计划（数据库未做任何修改）",
        "{path} is from an older release (schema {version}) and its values must be given to an"
        " area's plans to upgrade it: run a command with --plan (e.g. liuzhang status --plan 2023)"
        " and they become the plans of that plan's area, each of its year (nothing was changed)",
    ),
    "store_missing": ("数据库不存在：{path}", "no database at {path}"),
    "store_busy": (
        "数据库 {path} 正被另一个导入占用，等待 {seconds} 秒后仍未释放：本次未做任何修改，请稍后重试",
        "the database {path} is in use by another ingest and was not released within {seconds}"
        " s: nothing was changed; try again later",
    ),
    "ingest_busy": (
        "{file}：数据库 {path} 正被另一个导入占用，等待 {seconds} 秒后仍未释放，此文件未导入"
        "（数据库未做任何修改），请稍后重试",
        "{file}: the database {path} is in use by another ingest and was not released within"
        " {seconds} s; this file was not stored (nothing changed); try again later",
    ),
    "store_waiting": (
        "数据库正被另一个导入占用，等待中…（最多 {seconds} 秒）",
        "the database is in use by another ingest; waiting… (up to {seconds} s)",
    ),
    "store_unreadable": (
        "无法读取数据库 {path}（{reason}）",
        "cannot read the database {path} ({reason})",
    ),
    "store_needs_migration": (
        "数据库 {path} 来自旧版本（数据库版本 {version}），需要升级，而它是只读的：恢复它的写权限"
        "（或复制到可写的目录）后运行一次 liuzhang status 即可完成升级",
        "{path} is from an older release (schema {version}) and needs an upgrade, but it is"
        " read-only: make it writable (or copy it to a writable folder) and run liuzhang status"
        " once to upgrade it",
    ),
    "store_not_liuzhang": (
        "{path} 不是 liuzhang 数据库，拒绝使用（未做任何修改）",
        "{path} is not a liuzhang database; refused (nothing was changed)",
    ),
    "store_too_new": (
        "{path} 来自更新的版本（数据库版本 {version}，本程序支持 {supported}），请升级 liuzhang",
        "{path} is from a newer release (schema {version}, this one supports {supported}); upgrade liuzhang",
    ),
    "ingest_unknown": ("没有编号为 {id} 的导入记录", "no ingest with id {id}"),
    "ingest_already_reverted": (
        "导入 #{id} 已于 {at} 撤销",
        "ingest #{id} was already reverted at {at}",
    ),
    "reverted": (
        "已撤销导入 #{id}（{file}），其他导入不受影响",
        "reverted ingest #{id} ({file}); no other ingest was touched",
    ),
    "ingest_summary": (
        "{file}：读取 {read} 行，新增 {stored}，未变 {unchanged}，修订 {revised}，拒收 {rejected}",
        "{file}: {read} rows read, {stored} stored, {unchanged} unchanged, {revised} revised, {rejected} rejected",
    ),
    "ingest_duplicate_file": (
        "{file}：与导入 #{earlier} 的文件完全相同，未做任何修改",
        "{file}: identical to ingest #{earlier}; nothing changed",
    ),
    "ingest_rejected_file": (
        "{file}：有 {rejected} 行被拒收，整个文件未导入（可加 --partial 只导入正确的行）",
        "{file}: {rejected} row(s) rejected, nothing stored from this file (--partial stores the good rows)",
    ),
    "ingest_failed_file": (
        "{file}：文件有错误，未导入任何数据",
        "{file}: the file has errors; nothing stored",
    ),
    "ingest_dry_run": ("（试运行，未写入）", "(dry run, nothing stored)"),
    "ingest_unfilled": ("，未填 {unfilled}", ", {unfilled} unfilled"),
    "ingest_warnings": ("，警告 {warnings}", ", {warnings} warning(s)"),
    "ingest_other_units": (
        "，其中 {count} 行由非责任单位报送（--allow-other-units）",
        ", {count} row(s) from units that do not own the item (--allow-other-units)",
    ),
    "warning_line": ("{where}: 警告：{text}", "{where}: warning: {text}"),
    "rejected_written": (
        "被拒收的行及原因已写入 {path}",
        "rejected rows and reasons written to {path}",
    ),
    "template_written": ("已生成填报表 {path}（{rows} 行）", "wrote the form {path} ({rows} rows)"),
    "template_empty": ("单位“{unit}”没有牵头的指标或任务", "'{unit}' leads no target or task"),
    "template_format_conflict": (
        "--format {fmt} 与输出文件 {path} 的扩展名不符",
        "--format {fmt} does not match the extension of {path}",
    ),
    # Output files
    # -- identity helper: new codes below this line (titles, help)
    # -- targets helper (extract): new codes
    "extract_direction_bare": (
        "原文只写数字，未写“以上/以内”：按不低于处理，请核对",
        "a bare number (no 以上/以内): taken as at least, please check",
    ),
    "extract_direction_about": (
        "原文为“左右”：按不低于处理，请核对",
        "written as 左右 (about): taken as at least, please check",
    ),
    "extract_range_lower": (
        "原文为一个区间：取下限，请核对",
        "written as a range: the lower bound is taken, please check",
    ),
    "extract_measure_guessed": (
        "计量方式按累计量推定，请核对",
        "measured as a cumulative amount by default, please check",
    ),
    "extract_frequency_guessed": (
        "数据频率按措辞推定，请核对",
        "the data's frequency is guessed from the wording, please check",
    ),
    "extract_due_year_end": (
        "原文未写完成时限：按年底处理，请核对",
        "no deadline written: due at the year's end, please check",
    ),
    "extract_name_inherited": (
        "原文此处未写指标名称：沿用前一项的名称，请核对",
        "no name written here: the previous target's name is used, please check",
    ),
    # -- tasks helper (extract): new codes
    "task_lead_inferred": (
        "牵头单位未写明，取自上级标题、所属部分或表格上一行",
        "no lead unit written: taken from the heading above, the section or the table row above",
    ),
    "task_units_by_order": (
        "一格多项措施对应多行单位，按顺序对应（最后一行对应其余各项）",
        "several measures in one cell over several rows of units: matched in order "
        "(the last row takes the rest)",
    ),
    "task_deadline_in_text": (
        "完成时限取自正文中的日期（“…前”）",
        "deadline taken from a date in the text (“… before”)",
    ),
    # -- postgres helper (issue 16): new codes below this line
    "store_pg_driver_missing": (
        "使用 PostgreSQL 数据库需要 psycopg：请运行 pip install 'liuzhang[postgres]'"
        "（或 pip install 'psycopg[binary]'）",
        "a PostgreSQL database needs psycopg: run pip install 'liuzhang[postgres]'"
        " (or pip install 'psycopg[binary]')",
    ),
    "store_pg_unreachable": (
        "无法连接 PostgreSQL 数据库 {path}（{reason}）：服务器是否在运行、地址和用户是否正确？",
        "cannot connect to the PostgreSQL database {path} ({reason}): is the server running,"
        " are the address and user right?",
    ),
    "store_copy_same": (
        "源和目标是同一个数据库：{path}",
        "the source and the target are the same database: {path}",
    ),
    "store_copy_target_not_empty": (
        "目标数据库 {path} 已有数据（{ingests} 次导入），拒绝覆盖（未做任何修改）",
        "the target {path} already holds data ({ingests} ingests); refused to overwrite it"
        " (nothing was changed)",
    ),
    "store_copy_loses": (
        "目标数据库 {path} 无法保存源数据的 {column} 列（{rows} 行有值），未复制：请先升级目标",
        "the target {path} cannot keep the source's {column} ({rows} rows hold one); nothing"
        " was copied: upgrade the target first",
    ),
    "store_copy_mismatch": (
        "复制后校验不一致（{what}）：目标 {path} 不完整，请删除后重试",
        "the copy does not match its source ({what}): the target {path} is incomplete;"
        " delete it and try again",
    ),
    "task_no_lead": ("未找到牵头单位", "no lead unit found"),
    "task_lead_first_listed": (
        "未写明牵头单位，取所列第一个单位",
        "no lead unit written: the first unit listed is taken",
    ),
    # -- draft helper (extract): new codes
    "extract_year_unknown": (
        "看不出方案的年度（文号、标题和印发日期中都没有）：请用 --year 指定",
        "cannot tell the plan's year (not in its document number, title or date): give --year",
    ),
    "extract_no_targets": (
        "原文中没有找到本年度的指标：这是一份方案吗？",
        "no targets for the year found in the text: is this a plan?",
    ),
    "extract_units_missing": ("找不到单位文件 {path}", "no units file at {path}"),
    "extract_units_invalid": (
        "单位文件 {path} 有 {errors} 个错误",
        "the units file {path} has {errors} errors",
    ),
    "extract_against_missing": (
        "{path} 不是方案目录（没有 targets.yaml）",
        "{path} is not a plan folder (no targets.yaml)",
    ),
    "extract_against_invalid": (
        "上一年度方案 {path} 有 {errors} 个错误，无法对比",
        "last year's plan {path} has {errors} errors: cannot compare",
    ),
    "extract_plan_exists": (
        "{path} 中已有方案（{file}）：换一个 --out 目录，或用 --force 覆盖",
        "{path} already holds a plan ({file}): choose another --out folder, or --force",
    ),
    "extract_written": (
        "草稿已写入 {folder}：指标 {targets} 项，任务 {tasks} 项，单位 {units} 个（新单位 {new_units} 个）",
        "draft written to {folder}: {targets} targets, {tasks} tasks, {units} units "
        "({new_units} new)",
    ),
    "extract_head_missing": (
        "原文未写明：{fields}（请在 plan.yaml 中填写）",
        "not in the text: {fields} (fill them in plan.yaml)",
    ),
    "extract_review": (
        "待复核（needs_review）：指标 {targets} 项，任务 {tasks} 项，原因：",
        "to review (needs_review): {targets} targets, {tasks} tasks, because:",
    ),
    "extract_qualitative": (
        "另有 {n} 条无数字的定性目标未列为指标（见 --format json 的 qualitative）",
        "{n} qualitative goals without a number are not targets (see qualitative in --format json)",
    ),
    "extract_valid": (
        "草稿校验通过（{warnings} 条提示）：liuzhang validate --data {folder}",
        "the draft validates ({warnings} warnings): liuzhang validate --data {folder}",
    ),
    "extract_against_title": (
        "与上一年度方案（{folder}）对比：新增 {new}，取消 {gone}，目标值变化 {changed}，未变 {unchanged}",
        "Against last year's plan ({folder}): {new} new, {gone} gone, {changed} changed, "
        "{unchanged} unchanged",
    ),
    "extract_against_status": ("对比", "status"),
    "extract_against_id": ("编号", "id"),
    "extract_against_name": ("指标", "target"),
    "extract_against_old": ("去年目标", "last year"),
    "extract_against_new": ("今年目标", "this year"),
    "extract_status_new": ("新增", "new"),
    "extract_status_gone": ("取消", "gone"),
    "extract_status_changed": ("变化", "changed"),
    "extract_status_unchanged": ("未变", "unchanged"),
    "review_lead_placeholder": (
        "原文未写牵头单位，暂填“待定”",
        "no lead unit in the text: “待定” (to be decided) for now",
    ),
    "review_lead_from_section": (
        "牵头单位取自所属部分的牵头单位",
        "the lead unit is the lead of its section",
    ),
    "review_battle_default": (
        "看不出所属部分，暂归入第一部分",
        "its section is unclear: put in the first section for now",
    ),
    "review_date_unusable": (
        "原文的日期不是本年度的日期，已改为年底（或删去）",
        "the date in the text is not one of the plan's year: the year's end (or none) for now",
    ),
    "review_no_value": (
        "没有目标值，暂按节点类（milestone）处理",
        "no target value: a milestone for now",
    ),
    # -- document helper (extract): new codes
    "extract_empty": ("{path} 是空文件，没有可读的文字", "{path} is empty: there is no text to read"),
    "extract_binary": (
        "{path} 不是文本文件（含二进制内容）：请给 .txt（UTF-8 或 GB18030）、.docx 或 .pdf",
        "{path} is not a text file (binary content): give a .txt (UTF-8 or GB18030), .docx or .pdf",
    ),
    "extract_not_docx": (
        "{path} 不是 Word 文件（.docx）；若是旧的 .doc，请先另存为 .docx",
        "{path} is not a Word file (.docx); save an old .doc as .docx first",
    ),
    "extract_not_pdf": ("{path} 不是可读的 PDF 文件：{reason}", "{path} is not a readable PDF: {reason}"),
    "extract_needs_ocr": (
        "{path} 没有文字层（扫描件）：需要先做文字识别（OCR），或改用 .docx / 文本",
        "{path} has no text layer (a scan): it needs OCR first, or give the .docx or text",
    ),
    "extract_unknown_type": (
        "{path}：不能读取 {suffix} 文件；可读 .txt、.docx、.pdf",
        "{path}: cannot read a {suffix} file; .txt, .docx and .pdf can be read",
    ),
    "extract_unreadable": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "output_unwritable": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "output_not_directory": (
        "{path} 是一个文件，不是目录：请用 --out 指定一个目录",
        "{path} is a file, not a folder: give a folder with --out",
    ),
    # -- areas helper (issue 16): new codes below this line
    "compare_parent_unknown": (
        "没有方案以“{value}”为上级（plan.yaml 的 parent）；各方案写的上级：{choices}",
        "no plan names '{value}' as its parent (plan.yaml parent); the parents named: {choices}",
    ),
    "compare_indicator_unknown": (
        "这些地区的方案都没有指标代码“{value}”（targets.yaml 的 indicator，默认为编号）；可选：{choices}",
        "no plan of these areas has the indicator '{value}' (targets.yaml indicator, by default "
        "the id); choose from: {choices}",
    ),
    "compare_as_of_year": (
        "--as-of {value} 不在 {year} 年",
        "--as-of {value} is not in {year}",
    ),
    "compare_units_refused": (
        "警告：指标 {indicator} 各地区的单位（{units}）不能相互换算：不排名、不汇总",
        "warning: the areas' units of {indicator} ({units}) do not convert into one another: "
        "not ranked, not rolled up",
    ),
    "compare_none": (
        "这些地区没有共有的指标（至少两个地区的方案有同一指标代码：targets.yaml 的 indicator）",
        "these areas share no indicator (the same code in at least two areas' plans: "
        "targets.yaml indicator)",
    ),
    "weight_not_none": (
        "只有 rollup 为 none 的指标才能设置 weight（加权所用基数的指标代码）",
        "only a target with rollup none may name a weight (the code of its base value)",
    ),
    "os_permission": (
        "没有写入权限（目录或文件是只读的？）",
        "permission denied (is the folder or file read-only?)",
    ),
    "os_is_directory": ("这是一个目录", "it is a folder"),
    "os_not_directory": (
        "路径中的 {path} 是文件，不是目录",
        "{path} in the path is a file, not a folder",
    ),
    "os_no_space": ("磁盘空间不足", "no space left on the device"),
    # Tracking
    # -- last-year helper: new codes below this line (去年同期)
    "last_year_plan_invalid": (
        "去年的方案 {plan}（{path}）未通过校验，不显示去年同期：用 liuzhang validate 检查",
        "last year's plan {plan} ({path}) does not validate, so no same-period-last-year"
        " figures are shown: check it with liuzhang validate",
    ),
    "no_data": (
        "数据库 {path} 里还没有方案 {plan} 的数据：先用 liuzhang ingest 导入报送文件，或用 --as-of 指定月份",
        "no data of the plan {plan} in {path} yet: ingest submissions first (liuzhang ingest), "
        "or give --as-of",
    ),
    "as_of_malformed": (
        "--as-of 应为月份，如 2024-06，实为“{value}”",
        "--as-of must be a month such as 2024-06, got '{value}'",
    ),
    "as_of_outside_plan": (
        "--as-of {value} 不在方案 {plan} 的年度内",
        "--as-of {value} is outside the year of the plan {plan}",
    ),
    "unknown_status": (
        "未知状态“{value}”，可用：{choices}",
        "unknown status '{value}'; choose from {choices}",
    ),
    "unknown_item": (
        "没有编号为“{id}”的指标或任务{hint}",
        "no target or task with id '{id}'{hint}",
    ),
    "nothing_missing": ("截至 {month}，没有应报未报的数据", "as of {month}, nothing is missing"),
    # Report
    "report_period_required": (
        "请给出 --month（如 2023-06）或 --quarter（如 2023-Q2）其中之一",
        "give either --month (e.g. 2023-06) or --quarter (e.g. 2023-Q2)",
    ),
    "report_period_malformed": (
        "期间“{value}”无效：--month 用 2023-06，--quarter 用 2023-Q2",
        "invalid period '{value}': --month takes 2023-06, --quarter takes 2023-Q2",
    ),
    "report_written": ("已生成 {path}", "wrote {path}"),
    # CLI usage
    "unknown_unit_option": ("未知单位“{name}”{hint}", "unknown unit '{name}'{hint}"),
    "unknown_battle_option": (
        "没有第 {value} 部分（方案中有：{choices}）",
        "no section {value} in the plan (sections: {choices})",
    ),
    "validate_ok": (
        "数据有效：{targets} 项指标、{tasks} 项任务、{units} 个单位",
        "data is valid: {targets} targets, {tasks} tasks, {units} units",
    ),
    "validate_failed": (
        "发现 {errors} 个错误",
        "{errors} error(s)",
    ),
    "schema_written": ("已写入 {path}", "wrote {path}"),
    "internal_error": (
        "内部错误：{reason}（加 --debug 查看详细信息）",
        "internal error: {reason} (add --debug for details)",
    ),
}

# Table headers and words.
WORDS: dict[str, tuple[str, str]] = {
    # -- identity helper: new words below this line
    "plan_label": ("{title}（{area}，{year}）", "{title} ({area}, {year})"),
    "plan_label_year": ("{title}（{year}）", "{title} ({year})"),
    "plan_header": ("{plan} · {as_of}", "{plan} · {as_of}"),
    "help_plan": ("当前方案：{plan}", "Plan: {plan}"),
    "help_plans": (
        "当前方案（{n} 个，用 --plan 选择）：{plans}",
        "Plans ({n}, choose one with --plan): {plans}",
    ),
    "form_title": ("{plan} · 填报表（{unit}，{period}）", "{plan} · form ({unit}, {period})"),
    "b_date": ("{year}年{month}月{day}日", "{year}-{month:02d}-{day:02d}"),
    "b_issued_by_on": ("{issuer}于{date}印发", "issued by {issuer} on {date}"),
    "b_issued_by": ("{issuer}印发", "issued by {issuer}"),
    "b_issued_on": ("{date}印发", "issued on {date}"),
    "b_basis": ("《{title}》", "{title}"),
    "b_basis_details": ("《{title}》（{details}）", "{title} ({details})"),
    "b_basis_label": ("依据：{text}", "Under the plan: {text}"),
    "b_title_row": ("通报", "Bulletin"),
    "b_basis_row": ("依据", "Plan"),
    "file_bulletin_month": ("月通报_{period}", "bulletin_{period}"),
    "file_bulletin_quarter": ("季总结_{period}", "quarterly_review_{period}"),
    "file_form": ("填报表_{unit}_{period}", "form_{unit}_{period}"),
    "form_sheet": ("填报表", "form"),
    "form_deadline": ("期限 {deadline}", "due {deadline}"),
    "form_pick_from_list": ("请从下拉列表中选择", "Pick a value from the list"),
    # -- docx helper (issue 15): new words below this line
    "dx_overview": ("总体情况", "Overview"),
    "dx_battles": ("各部分情况", "By section"),
    "dx_watchlist": ("督办清单", "Watch list"),
    "dx_watch_none": ("本期无督办事项。", "Nothing to follow up this period."),
    "dx_units": ("各单位情况", "By unit"),
    "dx_projections": (
        "全年预计（累计类指标，按当前进度）",
        "Year-end projection (cumulative targets, at the current pace)",
    ),
    "dx_doubts": ("数据疑点", "Data doubts"),
    "dx_note": ("数据说明", "About the data"),
    "print_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    "rejected_row": ("行号", "row"),
    "rejected_reason": ("原因", "reason"),
    "id": ("编号", "ID"),
    "battle": ("部分", "Section"),
    "name": ("名称", "Name"),
    "target": ("目标", "Target"),
    "unit": ("单位", "Unit"),
    "measure": ("类型", "Measure"),
    "frequency": ("频次", "Frequency"),
    "commitment": ("要求", "Commitment"),
    "lead": ("牵头单位", "Lead"),
    "responsible": ("责任单位", "Responsible"),
    "supporting": ("配合单位", "Supporting"),
    "title": ("任务", "Task"),
    "deadline": ("完成时限", "Deadline"),
    "ref": ("出处", "Source"),
    "kind": ("类别", "Kind"),
    "aliases": ("别名", "Aliases"),
    "targets_lead": ("牵头指标", "Targets led"),
    "tasks_lead": ("牵头任务", "Tasks led"),
    "tasks_shared": ("参与任务", "Tasks shared"),
    "at_least": ("≥", "≥"),
    "at_most": ("≤", "≤"),
    "growth": ("增速", "growth"),
    "cumulative": ("累计", "cumulative"),
    "level": ("水平", "level"),
    "milestone": ("节点", "milestone"),
    "monthly": ("月度", "monthly"),
    "quarterly": ("季度", "quarterly"),
    "annual": ("年度", "annual"),
    "ongoing": ("长期坚持", "ongoing"),
    "office": ("部门", "office"),
    "town": ("镇/办事处", "town"),
    "company": ("企业", "company"),
    "court": ("法院", "court"),
    "procuratorate": ("检察院", "procuratorate"),
    "committee": ("议事机构", "committee"),
    "party_org": ("党委部门", "party organ"),
    "group": ("单位组", "group"),
    "other": ("其他", "other"),
    "ingested_at": ("导入时间", "Ingested at"),
    "file": ("文件", "File"),
    # -- notices helper (issue 15): new words below this line
    "n_folder": ("督办通知_{period}", "notices_{period}"),
    "n_file": ("督办通知_{unit}", "notice_{unit}"),
    "n_index_file": ("督办通知一览", "notices_index"),
    "n_index_title": ("督办通知一览（{period}）", "Notices ({period})"),
    "n_title": ("关于{plan}{period}滞后事项的督办通知", "Notice on the lagging items of {plan}, {period}"),
    "n_addressee": ("{unit}：", "{unit}:"),
    "n_intro": (
        "根据{bulletin}，截至{as_of}，你单位牵头的以下 {n} 项事项列入督办清单（{counts}），现予督办。",
        "The {bulletin} finds, as of {as_of}, that the following {n} item(s) your office leads"
        " are on the watch list ({counts}).",
    ),
    "n_count": ("{status} {n} 项", "{status}: {n}"),
    "n_section_items": ("督办事项", "Items"),
    "n_section_requirements": ("整改要求", "What to do"),
    "n_requirements": (
        "请你单位逐项分析原因，制定整改措施，明确责任人和完成时限，于{deadline}前将书面整改情况报"
        "{office}。",
        "Analyse each item, set out the corrective measures, who is responsible and by when,"
        " and send a written reply to {office} by {deadline}.",
    ),
    "n_requirements_missing": (
        "应报未报的数据请一并补报。",
        " Send the missing values with it.",
    ),
    "n_seq": ("清单序号", "List No."),
    "n_due": ("完成时限 {deadline}", "due {deadline}"),
    "n_total": ("合计", "Total"),
    "n_reply_by": ("整改时限", "Reply by"),
    "n_files": ("文件", "Files"),
    "sha256": ("sha256", "sha256"),
    "reported_by": ("填报单位", "Reported by"),
    "rows_read": ("读取", "Read"),
    "rows_stored": ("新增", "Stored"),
    "rows_unchanged": ("未变", "Unchanged"),
    "rows_revised": ("修订", "Revised"),
    "rows_rejected": ("拒收", "Rejected"),
    "reverted_at": ("撤销时间", "Reverted at"),
    "log_title": ("导入记录（共 {n} 次）", "Ingests ({n})"),
    "achieved": ("已完成", "achieved"),
    "on_track": ("正常", "on track"),
    "at_risk": ("预警", "at risk"),
    "behind": ("滞后", "behind"),
    "missed": ("未完成", "missed"),
    "missing": ("应报未报", "missing"),
    "not_due": ("未到统计期", "not due"),
    "done": ("已完成", "done"),
    "in_progress": ("推进中", "in progress"),
    "not_started": ("未启动", "not started"),
    "overdue": ("逾期", "overdue"),
    "as_of": ("截至 {year}年{month}月", "as of {year}-{month:02d}"),
    # -- last-year helper: new words below this line
    "last_year": ("去年同期", "Last year"),
    "last_year_change_pp": ("{change}个百分点", "{change} pp"),
    "last_year_change_percent": ("{change}%", "{change}%"),
    "last_year_cell": ("{value}（{change}）", "{value} ({change})"),
    "last_year_at": ("{period}：{value}", "{period}: {value}"),
    "last_year_unit_pp": ("个百分点", "percentage points"),
    "last_year_unit_percent": ("%", "%"),
    # the headers of the 去年同期 fields (CSV, spreadsheets)
    "last_year_period": ("去年同期期间", "Last year's period"),
    "last_year_unit": ("去年同期单位", "Unit last year"),
    "last_year_change": ("比去年同期", "Change on last year"),
    "last_year_change_unit": ("增减单位", "Unit of the change"),
    "last_year_ahead": ("好于去年同期", "Ahead of last year"),
    "b_ahead_of_last_year": (
        "与去年同期相比：{ahead} 项指标好于去年同期（可比 {compared} 项）。",
        "Against the same period last year: {ahead} of {compared} comparable targets are ahead.",
    ),
    "as_of_default_monthly": (
        "截至 {year}年{month}月（有月度数据的最近月份；用 --as-of 指定）",
        "as of {year}-{month:02d} (the latest month with monthly data; choose with --as-of)",
    ),
    "as_of_default_any": (
        "截至 {year}年{month}月（尚无月度数据，取季度/年度数据的最近月份；用 --as-of 指定）",
        "as of {year}-{month:02d} (no monthly data yet: the latest month of quarterly or"
        " annual data; choose with --as-of)",
    ),
    "actual": ("实际", "Actual"),
    "expected": ("序时预期", "Expected"),
    "gap": ("差距", "Gap"),
    "remaining": ("距全年目标", "To go"),
    "status": ("状态", "Status"),
    "period": ("期间", "Period"),
    # -- dekad helper (issue 15): new words below this line
    "file_dekad_brief": ("旬简报_{period}", "dekad_brief_{period}"),
    "dk_title": ("{plan}旬简报（{period}）", "{plan}: ten-day brief ({period})"),
    "dk_period": ("{year}年{month}月{dekad}", "{year}-{month:02d}, {dekad}"),
    "dk_dekad_1": ("上旬", "days 1–10"),
    "dk_dekad_2": ("中旬", "days 11–20"),
    "dk_dekad_3": ("下旬", "days 21–end"),
    "dk_subtitle": ("{start}至{end} · {office}", "{start} to {end} · {office}"),
    "dk_section_overview": ("本旬概况", "Overview"),
    "dk_section_received": ("本旬收到的数据", "Values received"),
    "dk_section_changes": ("状态变化", "Changes"),
    "dk_section_behind": ("新增滞后", "Newly behind"),
    "dk_section_missing": ("应报未报", "Not submitted"),
    "dk_section_note": ("说明", "How this brief is made"),
    "dk_received_summary": (
        "本旬收到 {offices} 个单位报送的 {values} 项数据（另有旬报数据 {dekad} 项）。",
        "{values} values arrived from {offices} offices in this dekad (and {dekad} ten-day"
        " values).",
    ),
    "dk_compared": (
        "按{as_of}研判，与上旬末（按{previous_as_of}研判）相比：好转 {improved} 项，变差 {worsened}"
        " 项，新增滞后 {behind} 项，新增逾期任务 {new_overdue} 项，新增应报未报 {newly_missing} 项。",
        "Judged as of {as_of}, against the end of the previous dekad (judged as of"
        " {previous_as_of}): {improved} improved, {worsened} worsened, {behind} newly behind,"
        " {new_overdue} tasks newly overdue, {newly_missing} newly missing.",
    ),
    "dk_judged_alone": (
        "按{as_of}研判（上旬末尚无到期的月份，不作比较）。",
        "Judged as of {as_of} (no month was due at the end of the previous dekad: nothing to"
        " compare with).",
    ),
    "dk_nothing_due": (
        "截至旬末，本方案年度尚无到期应报的月份，不作研判。",
        "By the end of the dekad no month of the plan's year was due: nothing is judged.",
    ),
    "dk_owed_summary": (
        "截至旬末，{offices} 个单位尚有 {items} 项数据应报未报。",
        "At the end of the dekad {offices} offices still owe {items} values.",
    ),
    "dk_office_unstated": ("（未注明单位）", "(office not stated)"),
    "dk_earlier": ("此前数值", "Earlier value"),
    "dk_arrived": ("收到日期", "Arrived"),
    "dk_new_value": ("新报", "new"),
    "dk_none_received": ("本旬未收到数据。", "No values arrived in this dekad."),
    "dk_none_changed": ("与上旬末相比无状态变化。", "No status changed since the previous dekad."),
    "dk_none_behind": ("无新增滞后事项。", "Nothing is newly behind."),
    "dk_none_missing": ("无应报未报数据。", "Nothing is owed."),
    "dk_not_judged": ("未评", "not judged"),
    "dk_note_dekads": (
        "旬：上旬为1日至10日，中旬为11日至20日，下旬为21日至月末；本旬为{start}至{end}。",
        "A dekad is days 1–10, 11–20 or 21 to the month's end; this one runs {start} to {end}.",
    ),
    "dk_note_arrival": (
        "“收到”以数据文件的收到日期为准（导入时用 --received 指定，否则为导入日期）；撤回的导入不计；"
        "同一数据本旬内多次报送的，列最后一次，“此前数值”为上旬末已知的数值。",
        "'Arrived' is the day the file arrived (ingest --received, else the day it was ingested);"
        " reverted ingests do not count; a value sent several times in the dekad is listed once,"
        " as last sent, with the value known at the end of the previous dekad as 'earlier'.",
    ),
    "dk_note_judged": (
        "研判只用旬末前已收到的数据，按旬末前已到报送期的最近月份进行（月度数据于次月{due_day}日前报送）；"
        "上旬末同样处理。状态变化、新增滞后比较这两次研判。",
        "The judgement uses only the values that had arrived by the dekad's end, as of the latest"
        " month whose values were due by then (monthly values are due on day {due_day} of the"
        " next month); the end of the previous dekad is judged the same way. Changes and newly"
        " behind compare the two.",
    ),
    "dk_note_behind": (
        "新增滞后：旬末为滞后、未完成或逾期，上旬末不是（含首次报送即滞后的）。应报未报同 liuzhang"
        " missing，按旬末研判。",
        "Newly behind: behind, missed or overdue at the dekad's end and not at the previous"
        " one's (first values that show an item behind included). Not submitted: as liuzhang"
        " missing lists it, for the judgement at the dekad's end.",
    ),
    "dk_sheet_changes": ("状态变化", "Changes"),
    "dk_sheet_behind": ("新增滞后", "Newly behind"),
    "dk_sheet_missing": ("应报未报", "Not submitted"),
    "dk_owed_count": ("项数", "Items"),
    "dk_title_row": ("旬简报", "Brief"),
    "dk_owed_items": ("应报未报事项", "Items owed"),
    "dk_owed_item_due": ("{name}（{due}）", "{name} ({due})"),
    "dk_values": ("数值", "Values"),
    "dk_targets": ("指标", "Targets"),
    "dk_tasks": ("任务", "Tasks"),
    "dk_other_offices": ("其余 {offices} 个单位", "{offices} more offices"),
    "dk_revised": ("修订", "Revised"),
    "dk_total": ("合计", "Total"),
    "dk_date_range": ("{first}至{last}", "{first} to {last}"),
    "dk_more_items": ("等 {count} 项（详见 xlsx 明细）", "and {count} more (see the xlsx)"),
    "dk_and_more": ("等 {count} 项", " and {count} more"),
    "dk_more_offices": (
        "其余 {offices} 个单位 {items} 项（详见 xlsx 明细）",
        "{offices} more offices, {items} items (see the xlsx)",
    ),
    "dk_due_period": ("应报期间", "Period due"),
    "dk_sheet_brief": ("旬简报", "Brief"),
    "dk_sheet_detail": ("明细", "Details"),
    "dk_heading_as_of": ("{section}（按{as_of}研判）", "{section} (judged as of {as_of})"),
    "progress": ("进度", "Progress"),
    "stale_mark": ("*", "*"),
    "flag_mark": ("⚠", "⚠"),
    "flag_note": (
        "带 ⚠ 的数值有数据疑点（见 liuzhang show 编号）：{items}",
        "values marked ⚠ are doubtful (see liuzhang show ID): {items}",
    ),
    "rows_unfilled": ("未填", "Unfilled"),
    "flags": ("数据疑点", "Data doubts"),
    "stale_note": (
        "期间带 * 的行用的是早于应报期的数据（旧数），{owes} 应报送更新的数据",
        "a period marked * is older than the period due (stale); {owes} owe newer values",
    ),
    "battle_title": ("第{n}部分 {name}（{as_of}）", "Section {n}: {name} ({as_of})"),
    "tasks_of_battle": ("第{n}部分 任务", "Section {n}: tasks"),
    "summary_targets": ("指标", "Targets"),
    "summary_tasks": ("任务", "Tasks"),
    "overall_label": ("合计（{as_of}）", "Total ({as_of})"),
    "battle_label": ("第{n}部分 {name}", "Section {n}: {name}"),
    "owes": ("应报单位", "Owed by"),
    "due_period": ("应报期", "Due"),
    "last_period": ("最近报送", "Last received"),
    "missing_title": ("应报未报清单（{as_of}）", "Missing submissions ({as_of})"),
    "definition": ("定义", "Definition"),
    "history": ("报送记录", "Reported values"),
    "revision": ("修订", "Revision"),
    "first_report": ("首报", "first"),
    "projection": ("按当前进度预计全年", "Year-end at the current pace"),
    "reach_month": ("预计 {month} 月达到目标", "target reached in month {month}"),
    "reached_in": ("已于 {period} 达到目标", "target reached in {period}"),
    "within_target": ("按当前进度可控制在目标内", "within the target at this pace"),
    "beyond_target": ("按当前进度将超出目标", "beyond the target at this pace"),
    "never_reach": (
        "按当前进度年内无法达到目标",
        "the target is not reached this year at this pace",
    ),
    "expected_path": ("序时进度", "Expected path"),
    "sparkline": ("走势（实际 / 预期）", "Trend (actual / expected)"),
    "source": ("原文", "Source"),
    "note": ("备注", "Note"),
    "targets_title": ("指标（共 {n} 项）", "Targets ({n})"),
    "tasks_title": ("任务（共 {n} 项）", "Tasks ({n})"),
    "units_title": ("单位（共 {n} 个）", "Units ({n})"),
    # The bulletin (render/text.py, md.py, html.py, xlsx.py)
    # -- init helper: new words below this line
    "plans_title": ("方案（共 {n} 个）", "Plans ({n})"),
    "plans_area": ("地区", "Area"),
    "plans_year": ("年度", "Year"),
    "plans_plan_title": ("标题", "Title"),
    "plans_folder": ("目录", "Folder"),
    "plans_targets": ("指标", "Targets"),
    "plans_tasks": ("任务", "Tasks"),
    "plans_errors": ("错误", "Errors"),
    "plans_values": ("数据（条）", "Values"),
    # -- timeliness helper (issue 15): new words below this line
    "received": ("收到日期", "Received"),
    "tl_title": (
        "报送及时率：{period}（截至 {as_of}）",
        "Timeliness of reporting: {period} (as of {as_of})",
    ),
    "tl_section": ("各单位报送情况", "Reporting by office"),
    "tl_basis": (
        "{period} 的数据应于 {due} 前报送（月度数据次月 {monthly} 日前，季度、半年、年度数据期末次月"
        " {quarterly} 日前）；按每项数据首次收到的日期计，截至 {as_of}。及时率 = 按时报送 ÷ 已到期应报，"
        "报送率 = （按时 + 逾期）÷ 已到期应报。",
        "Values of {period} were due by {due} (monthly values by day {monthly} of the next month,"
        " quarterly, half-year and annual ones by day {quarterly} of the month after); counted by"
        " the day each value first arrived, as of {as_of}. On-time rate = on time / due;"
        " received rate = (on time + late) / due.",
    ),
    "tl_basis_quarter": (
        "{period}内各月的数据应于次月 {monthly} 日前报送，季度数据应于 {due} 前报送（半年、年度数据期末次月"
        " {quarterly} 日前）；按每项数据首次收到的日期计，截至 {as_of}。及时率 = 按时报送 ÷ 已到期应报，"
        "报送率 = （按时 + 逾期）÷ 已到期应报。",
        "The monthly values of {period} were due by day {monthly} of the next month, its quarterly"
        " values by {due} (half-year and annual ones by day {quarterly} of the month after);"
        " counted by the day each value first arrived, as of {as_of}. On-time rate = on time / due;"
        " received rate = (on time + late) / due.",
    ),
    "tl_unit": ("单位", "Office"),
    "tl_expected": ("应报", "Expected"),
    "tl_on_time": ("按时报送", "On time"),
    "tl_late": ("逾期报送", "Late"),
    "tl_missing": ("未报", "Missing"),
    "tl_not_due": ("未到期", "Not yet due"),
    "tl_on_time_rate": ("及时率", "On-time rate"),
    "tl_received_rate": ("报送率", "Received rate"),
    "tl_total": ("合计", "Total"),
    "tl_status_on_time": ("按时", "on time"),
    "tl_status_late": ("逾期", "late"),
    "tl_status_missing": ("未报", "missing"),
    "tl_status_not_due": ("未到期", "not yet due"),
    "tl_items_title": ("逾期和未报的数据（{n} 项）", "Values late or missing ({n})"),
    "tl_item": ("事项", "Item"),
    "tl_period": ("期间", "Period"),
    "tl_due": ("报送期限", "Due"),
    "tl_status": ("情况", "Status"),
    "plans_span": ("数据期间", "Periods"),
    "plans_root": ("（根目录）", "(root)"),
    "plans_store_only": ("（仅数据库中有数据）", "(data in the store only)"),
    "b_bulletin_monthly": (
        "{plan}月通报（{year}年{month}月）",
        "{plan} monthly bulletin ({year}-{month:02d})",
    ),
    "b_bulletin_quarterly": (
        "{plan}季总结（{year}年第{quarter}季度）",
        "{plan} quarterly review ({year} Q{quarter})",
    ),
    "b_month_label": ("{year}年{month}月", "{year}-{month:02d}"),
    "b_quarter_label": ("{year}年第{quarter}季度", "{year} Q{quarter}"),
    "b_list_sep": ("、", ", "),
    "b_clause_sep": ("；", "; "),
    "b_yes": ("是", "yes"),
    "b_none": ("无", "none"),
    "确保": ("确保", "must"),
    "力争": ("力争", "strive"),
    "b_target_name": ("指标", "Target"),
    "b_goal": ("目标", "Goal"),
    "b_value": ("数值", "Value"),
    "b_doubt": ("疑点", "Doubt"),
    "b_source_row": ("来源文件:行", "Source file:row"),
    "b_change_worsened": ("变差", "worsened"),
    "b_change_new_overdue": ("新增逾期", "newly overdue"),
    "b_change_newly_missing": ("新增应报未报", "newly missing"),
    "b_change_improved": ("好转", "improved"),
    "b_comparison": (
        "与{previous}相比：好转 {improved} 项，变差 {worsened} 项，新增逾期任务 {new_overdue} 项，"
        "新增应报未报 {newly_missing} 项。",
        "Compared with {previous}: {improved} improved, {worsened} worsened, {new_overdue} task(s)"
        " newly overdue, {newly_missing} newly missing.",
    ),
    "b_stale_item": ("{id}（{period}，应报 {due}，{owes}）", "{id} ({period}, due {due}, {owes})"),
    "b_owed_item": ("{id}（应报 {due}）", "{id} (due {due})"),
    "b_reached_at": ("已达到（{period}）", "reached ({period})"),
    "b_reach_within": ("可控制在目标内", "within the target"),
    "b_reach_beyond": ("预计超出目标", "beyond the target"),
    "b_reach_in_month": ("{month}月", "month {month}"),
    "b_reach_not_this_year": ("年内难以完成", "not this year"),
    "b_tolerance_both": (
        "% 与 ‰ 类取 {points} 个百分点与目标值 {share} 中较小者",
        "% and ‰ targets: the smaller of {points} point(s) and {share} of the target",
    ),
    "b_tolerance_points": ("% 与 ‰ 类为 {points} 个百分点", "% and ‰ targets: {points} point(s)"),
    "b_tolerance_share": ("% 与 ‰ 类为目标值的 {share}", "% and ‰ targets: {share} of the target"),
    "b_tolerance_rates_none": ("% 与 ‰ 类不设容差", "% and ‰ targets: no tolerance"),
    "b_tolerance_others": ("其他类为序时预期的 {share}", "others: {share} of the expected value"),
    "b_tolerance_others_none": ("其他类不设容差", "others: no tolerance"),
    "b_tolerance_text": (
        "{rates}，{others}；年底终值不设容差",
        "{rates}; {others}; no tolerance for year-end final values",
    ),
    "b_tolerance_label": ("预警容差：{text}", "tolerance for “at risk”: {text}"),
    "b_section_headline": ("一、总体情况", "1. Overview"),
    "b_section_battles": ("二、各部分情况", "2. By section"),
    "b_section_watchlist": ("三、督办清单", "3. Watch list"),
    "b_section_units": ("四、各单位情况", "4. By unit"),
    "b_section_projections": (
        "五、全年预计（累计类指标，按当前进度）",
        "5. Year-end projection (cumulative targets, at the current pace)",
    ),
    "b_section_doubts": ("六、数据疑点", "6. Data doubts"),
    "b_section_note": ("七、数据说明", "7. About the data"),
    # -- postgres helper (issue 16): new words below this line
    "w_store_copied": (
        "已复制 {ingests} 次导入、{observations} 条数据：{source} → {target}；已校验：导入记录、"
        "当前值、历史值均一致",
        "copied {ingests} ingests and {observations} values: {source} → {target}; verified:"
        " the log, the current values and the history are the same",
    ),
    "b_by_battle_counts": ("各部分统计：", "By section:"),
    "b_task_status": ("任务{status}", "tasks {status}"),
    "b_change": ("变化", "Change"),
    "b_from_status": ("原状态", "Before"),
    "b_to_status": ("现状态", "Now"),
    "b_seq": ("序号", "No."),
    "b_item": ("事项", "Item"),
    "b_owed_items": ("应报未报事项", "Items owed"),
    "b_annual_target": ("全年目标", "Annual target"),
    "b_so_far": ("目前", "So far"),
    "b_year_end": ("预计全年", "Year-end"),
    "b_reach": ("预计达标", "Reached"),
    "b_doubts_intro": (
        "以下数值报送时有疑点（已按报送值计算），请报送单位核实：",
        "These values were doubtful when sent (they count as sent); the senders should check them:",
    ),
    "b_doubts_none": ("本期计算所用数据无疑点。", "No doubts about the data used this period."),
    "b_note_as_of": ("截至：{as_of}；{tolerance}。", "As of: {as_of}; {tolerance}."),
    "b_note_stale": (
        "期间带 * 的数据早于应报期（旧数），共 {n} 项：{items}。",
        "A period marked * is older than the period due (stale), {n} item(s): {items}.",
    ),
    "b_note_files": ("数据来源文件：{files}。", "Source files: {files}."),
    "b_file_sha": ("{file}（sha256 {sha}）", "{file} (sha256 {sha})"),
    "b_html_lang": ("zh-CN", "en"),
    "b_subtitle": ("数据截至 {as_of} · {office}", "Data as of {as_of} · {office}"),
    "b_headline_counts": ("{targets}；任务 {tasks}。", "Targets: {targets}; tasks: {tasks}."),
    "b_status_count": ("{status} {n} 项", "{status} {n}"),
    "b_count_sep": ("，", ", "),
    "b_changed_title": (
        "变差、新增逾期及新增应报未报的事项",
        "Items worsened, newly overdue or newly missing",
    ),
    "b_chart_by_battle": ("各部分指标状态", "Target statuses by section"),
    "b_chart_title": ("{name}：实际与预期", "{name}: actual and expected"),
    "b_month_short": ("{month}月", "M{month}"),
    "b_card_meta": ("{id} · 目标 {goal} {unit}", "{id} · goal {goal} {unit}"),
    "b_legend_actual": ("— 实际", "— actual"),
    "b_legend_expected": ("- - 序时预期 / 目标", "- - expected / target"),
    "b_on_track_or_in_progress": ("正常/推进中", "on track/in progress"),
    "b_note_as_of_html": ("数据截至 {as_of}；{tolerance}。", "Data as of {as_of}; {tolerance}."),
    "b_note_stale_html": (
        "期间带 * 的 {n} 项数据早于应报期（旧数）：{items}。",
        "{n} value(s) with a period marked * are older than the period due (stale): {items}.",
    ),
    "b_note_files_html": ("来源文件：", "Source files:"),
    "b_generated_by": (
        "本通报由 liuzhang 根据各单位报送数据自动生成；每个数字可用 {command} 追溯到报送文件和原文。",
        "Generated by liuzhang from the units' submissions; {command} traces every number to its"
        " file and to the plan's text.",
    ),
    "b_sheet_overview": ("概览", "Overview"),
    "b_sheet_battles": ("各部分情况", "By section"),
    "b_sheet_tasks": ("任务", "Tasks"),
    "b_sheet_watchlist": ("督办清单", "Watch list"),
    "b_sheet_units": ("各单位", "By unit"),
    "b_sheet_projections": ("全年预计", "Year-end projection"),
    "b_sheet_doubts": ("数据疑点", "Data doubts"),
    # -- areas helper (issue 16): new words below this line
    "indicator": ("指标代码", "Indicator"),
    "area": ("地区", "Area"),
    "rank": ("排名", "Rank"),
    "row_type": ("行类别", "Row type"),
    "rollup": ("汇总值", "Roll-up"),
    "rollup_kind": ("汇总方式", "Roll-up kind"),
    "rollup_complete": ("汇总完整", "Roll-up complete"),
    "rollup_reason": ("未汇总原因", "Roll-up reason"),
    "rollup_missing": ("缺数地区", "Areas missing"),
    "b_section_areas": ("各地区比较", "Areas compared"),
    "compare_title": ("{name}（{indicator}）", "{name} ({indicator})"),
    "compare_header": (
        "{parent}所属 {n} 个地区截至 {as_of} 的比较（每个地区按本地区方案的目标判定）",
        "{n} areas of {parent} as of {as_of} (each judged against its own plan's target)",
    ),
    "compare_header_all": (
        "{n} 个地区截至 {as_of} 的比较（每个地区按本地区方案的目标判定；没有共同的上级，不汇总）",
        "{n} areas as of {as_of} (each judged against its own plan's target; no common parent: "
        "no roll-up)",
    ),
    "compare_rollup_line": ("{area}：{what}；本级数 {own}", "{area}: {what}; own figure {own}"),
    "rollup_sum": ("各地区合计", "sum of the areas"),
    "rollup_last": ("各地区最新值合计", "sum of the areas' latest values"),
    "rollup_average": ("各地区平均", "mean of the areas"),
    "rollup_none": ("按 {weight} 加权平均", "mean weighted by {weight}"),
    "rollup_reason_incomplete": (
        "汇总不完整：{areas} 没有 {period} 的数值",
        "roll-up incomplete: no value for {period} from {areas}",
    ),
    "rollup_reason_no_base": (
        "无法加权：{areas} 没有 {period} 的基数",
        "cannot weight: no base value for {period} from {areas}",
    ),
    "rollup_reason_units": (
        "单位不能相互换算，不汇总",
        "units that do not convert: not rolled up",
    ),
    "rollup_reason_not_summed": (
        "增速、比率和水平值不相加也不平均，只列各地区",
        "rates, ratios and levels are neither summed nor averaged: per area only",
    ),
    "b_areas_chart": ("{name}排名", "{name}: ranking"),
    "b_sheet_note": ("数据说明", "About the data"),
    "b_scope": ("范围", "Scope"),
    "b_category": ("类别", "Category"),
    "b_scope_all": ("总体", "all"),
    "b_scope_battle": ("部分", "section"),
    "b_scope_change": ("较上期", "change"),
    "b_change_label": ("{labels}：{before}→{after}", "{labels}: {before}→{after}"),
    "b_target_value": ("目标值", "Target value"),
    "b_actual_value": ("实际值", "Actual value"),
    "b_unit_of_values": ("单位（以上数值的单位）", "Unit (of the values)"),
    "b_stale": ("旧数", "Stale"),
    "b_progress_percent": ("进度（%）", "Progress (%)"),
    "b_reported_period": ("报送期间", "Period reported"),
    "b_so_far_cumulative": ("目前累计", "So far"),
    "b_reach_month_column": ("达标月份", "Month reached"),
    "b_note_item": ("项目", "Item"),
    "b_note_content": ("内容", "Content"),
    "b_note_extra": ("补充", "More"),
    "b_note_as_of_row": ("截至", "As of"),
    "b_tolerance": ("预警容差", "Tolerance"),
    "b_stale_row": ("{name}：{text}", "{name}: {text}"),
    "b_source_file_row": ("来源文件", "Source file"),
}

# Chinese CSV headers of the listings (``--format csv``) where the table word does not fit or is
# missing; English CSV headers are the JSON keys.
COLUMN_TITLES: dict[str, str] = {
    "direction": "方向",
    "task": "关联任务",
    "due": "完成时限",
    "source": "出处",
    "quote": "原文",
    "pacing": "序时进度",
    "stale": "旧数",
    "source_file": "来源文件",
    "parent": "上级单位",
    "group": "分组",
    "flags": "数据疑点",
    "row": "行号",
}


def column_title(key: str, lang: Lang) -> str:
    """The CSV header of a record key: Chinese words, or the key itself in English."""
    if lang == "en":
        return key
    if key in COLUMN_TITLES:
        return COLUMN_TITLES[key]
    return word(key, "zh") if key in WORDS else key


def display_width(value: object) -> int:
    """Columns a text takes in a terminal or a spreadsheet: CJK and full-width characters count 2."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[1] if lang == "en" else pair[0]


class UnknownMessageCode(LookupError):
    """A message code missing from :data:`MESSAGES`: a bug, never shown as the bare code."""


def message(code: str, lang: Lang, **params: Any) -> str:
    """The message for ``code`` in ``lang``, with parameters filled in.

    Raises :class:`UnknownMessageCode` for a code that is not registered."""
    pair = MESSAGES.get(code)
    if pair is None:
        raise UnknownMessageCode(code)
    if isinstance(params.get("status"), str) and params["status"] in WORDS:
        # a status in words: 推进中, not in_progress
        params["status"] = word(params["status"], lang)
    for key, value in params.items():
        if isinstance(value, list | tuple):  # choices: joined as the language lists things
            params[key] = _pick(WORDS["b_list_sep"], lang).join(str(v) for v in value)
    if "suggestion" in params:
        suggestion = params["suggestion"]
        hint = _pick(MESSAGES["hint_did_you_mean"], lang).format(suggestion=suggestion)
        params["hint"] = hint if suggestion else ""
    try:
        return _pick(pair, lang).format(**params)
    except (KeyError, IndexError, ValueError):
        return _pick(pair, lang)


def word(key: str, lang: Lang, **params: Any) -> str:
    """A table header or short word in ``lang``; an unknown key is an error, as in message()."""
    pair = WORDS.get(key)
    if pair is None:
        raise UnknownMessageCode(key)
    text = _pick(pair, lang)
    return text.format(**params) if params else text
