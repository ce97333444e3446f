//! Every sentence the CLI prints or shows in its help: `(key, 中文, English)`, `{name}` marks a
//! value filled in at the call ([`crate::tr!`]). Keys are grouped by command: `about.*` and
//! `example.*` are a command's help, `arg.<command>.<argument id>` an argument's.

/// The message catalogue.
pub static MESSAGES: &[(&str, &str, &str)] = &[
    ("prefix", "intake：", "intake: "),
    ("sep", "；", "; "),
    // ---- help: commands ----
    (
        "about.intake",
        "审查工业互联网产业联盟实验室/实训基地、工业互联网数字化转型促进中心、产业技术基础公共服务平台和国家质量标准实验室的申报材料：读取每份文档，提取规定要求的数据，核对门槛和真实性，建立中文全文检索。\n常用：run 处理一个批次，search 检索，serve 在浏览器中查看检索和报告，export 导出到 OpenSearch，rules 与 metrics 查看规则和指标。",
        "Reviews applications to 工业互联网产业联盟实验室/实训基地, 数字化转型促进中心, 产业技术基础公共服务平台 and 国家质量标准实验室: reads every document, extracts the figures the regulations ask about, checks thresholds and integrity, and indexes everything for Chinese full-text search.\nMost used: run processes a batch, search searches it, serve shows search and report in a browser, export feeds OpenSearch, rules and metrics list what is checked.",
    ),
    (
        "about.run",
        "处理一个批次目录（每个子目录是一份申报），写出结果目录 OUT",
        "Process a batch folder (one sub-folder per submission) and write OUT",
    ),
    (
        "about.extract",
        "显示 intake 从一份文档中读到的内容（逐页文字，或 --json）",
        "Print what intake reads from one document (text page by page, or --json)",
    ),
    (
        "about.search",
        "在结果目录或归档索引中用中文检索，可按类别、指标等筛选",
        "Search an OUT folder or an archive index in Chinese, with filters and snippets",
    ),
    (
        "about.export",
        "导出检索索引，供 OpenSearch 导入（_bulk NDJSON 和映射）",
        "Export an index for OpenSearch (_bulk NDJSON and its mapping)",
    ),
    (
        "about.rules",
        "列出 intake 核查的规则（编号、条款、条件、级别）",
        "List the rules intake checks (id, article, condition, level)",
    ),
    (
        "about.metrics",
        "列出指标键及其中文名称、单位（--where 和检索中使用）",
        "List the metric keys with their Chinese names and units (for --where and queries)",
    ),
    (
        "about.serve",
        "在浏览器中查看结果目录：检索、报告、引用的原文页",
        "Serve an OUT folder to a browser: search, the report, the cited source pages",
    ),
    (
        "example.intake",
        "示例：\n  intake run 申报/2024 --out 结果/2024\n  intake search 结果/2024 \"边缘计算\" --where \"staff.total>=50\"\n  intake serve 结果/2024\n  intake run --help        （每个命令都有 --help）",
        "Examples:\n  intake run applications/2024 --out results/2024\n  intake search results/2024 \"边缘计算\" --where \"staff.total>=50\"\n  intake serve results/2024\n  intake run --help        (every command has --help)",
    ),
    (
        "example.run",
        "示例：\n  intake run 申报/2024 --out 结果/2024\n  intake run 申报/2024 --out 结果/2024 --archive 结果/2023 --overrides 覆盖设置.toml\n  intake run 申报/2024 --out 结果/2024 2>&1 | tee 运行日志.txt   （不在终端时每隔几秒输出一行进度）",
        "Examples:\n  intake run applications/2024 --out results/2024\n  intake run applications/2024 --out results/2024 --archive results/2023 --overrides overrides.toml\n  intake run applications/2024 --out results/2024 2>&1 | tee run.log   (off a terminal, one progress line every few seconds)",
    ),
    (
        "example.extract",
        "示例：\n  intake extract 申报/2024/sub-0001/申报书.pdf\n  intake extract 申报书.docx --json | head",
        "Examples:\n  intake extract applications/2024/sub-0001/申报书.pdf\n  intake extract 申报书.docx --json | head",
    ),
    (
        "example.search",
        "示例：\n  intake search 结果/2024 \"边缘计算\"\n  intake search 结果/2024 \"\\\"工业互联网平台\\\"~2\" --regime promotion-center\n  intake search 结果/2024 \"\" --where \"equipment.original_value>=1500万\" --kind duplicate_text\n  （指标键见 intake metrics）",
        "Examples:\n  intake search results/2024 \"边缘计算\"\n  intake search results/2024 \"\\\"工业互联网平台\\\"~2\" --regime promotion-center\n  intake search results/2024 \"\" --where \"equipment.original_value>=1500万\" --kind duplicate_text\n  (metric keys: intake metrics)",
    ),
    (
        "about.decisions",
        "导出处理记录：各问题的处理结果（属实、误报、需补正）、备注、审查人和时间，CSV（Excel/WPS 可直接打开）或 JSONL",
        "Export the officers' decisions on the findings (confirmed, dismissed, ask the applicant), notes, reviewer and time, as CSV (opens in Excel/WPS) or JSONL",
    ),
    (
        "example.decisions",
        "示例：\n  intake decisions 结果/2024 -o 处理记录.csv",
        "Example:\n  intake decisions results/2024 -o decisions.csv",
    ),
    (
        "arg.decisions.out",
        "intake run 的输出文件夹",
        "The output folder of intake run",
    ),
    (
        "arg.decisions.format",
        "csv（Excel/WPS，UTF-8 带 BOM）或 jsonl",
        "csv (Excel/WPS, UTF-8 with BOM) or jsonl",
    ),
    (
        "arg.decisions.db",
        "处理记录数据库（默认 OUT/decisions.sqlite）",
        "The decisions database (default OUT/decisions.sqlite)",
    ),
    (
        "arg.decisions.output",
        "写入此文件而不是标准输出（已有的文件不会被覆盖）",
        "Write here instead of standard output (an existing file is not replaced)",
    ),
    (
        "arg.serve.db",
        "处理记录数据库（默认 OUT/decisions.sqlite，第一次作出处理时创建）",
        "The decisions database (default OUT/decisions.sqlite; created at the first decision)",
    ),
    (
        "arg.serve.reviewer",
        "审查人：经本服务作出的处理都记在此名下（不给出时每个浏览器询问一次）",
        "Reviewer: the name every decision made through this server is recorded under (otherwise each browser is asked once)",
    ),
    (
        "example.export",
        "示例：\n  intake export 结果/2024 --mapping 映射.json > bulk.ndjson",
        "Example:\n  intake export results/2024 --mapping mapping.json > bulk.ndjson",
    ),
    (
        "example.rules",
        "示例：\n  intake rules --regime tech-base-platform\n  intake rules --dir 我的规则库/",
        "Examples:\n  intake rules --regime tech-base-platform\n  intake rules --dir my-rulebooks/",
    ),
    (
        "example.metrics",
        "示例：\n  intake metrics\n  intake search 结果/2024 \"\" --where \"facility.area_m2>=1000\"",
        "Examples:\n  intake metrics\n  intake search results/2024 \"\" --where \"facility.area_m2>=1000\"",
    ),
    (
        "example.serve",
        "示例：\n  intake serve 结果/2024                 （然后在浏览器打开 http://127.0.0.1:8080）\n  intake serve 结果/2024 --batch 申报/2024 （可查看引用的原文页）",
        "Examples:\n  intake serve results/2024                       (then open http://127.0.0.1:8080)\n  intake serve results/2024 --batch applications/2024   (to show the cited source pages)",
    ),
    // ---- help: arguments ----
    ("arg.help", "显示帮助", "Print help"),
    ("arg.version", "显示版本", "Print version"),
    (
        "arg.run.batch",
        "批次目录：每个子目录是一份申报",
        "The batch folder: one sub-folder per submission",
    ),
    (
        "arg.run.out",
        "结果目录：写出 facts.jsonl、findings.jsonl、submissions.jsonl、batch.json、index/ 和 report.html",
        "Where to write facts.jsonl, findings.jsonl, submissions.jsonl, batch.json, index/ and report.html",
    ),
    (
        "arg.run.jobs",
        "占用的核心数（默认：全部核心）：读取、写出、索引和批次核查共用这些核心；结果与此值无关",
        "Cores to use (default: all): reading, writing, indexing and the batch checks share them; outputs are identical for any value",
    ),
    (
        "arg.run.profile",
        "结束后按阶段列出用时：墙钟秒数（多线程累加）和 CPU 秒数",
        "When done, print the time of each stage: wall seconds (summed over threads) and CPU seconds",
    ),
    (
        "arg.run.quiet",
        "不输出进度和总结",
        "Print nothing (no progress, no summary)",
    ),
    (
        "arg.run.archive",
        "以前批次的结果目录，供跨批次核查（抄袭、每周期一家实训基地、失信）；可重复",
        "An earlier OUT folder for the cross-batch checks (copied text, one training base per cycle, debarment); repeatable",
    ),
    (
        "arg.run.index_into",
        "同时把本批次加入归档索引 ARCHIVE（不存在则新建），intake search ARCHIVE 可跨批次检索",
        "Also add this batch to the archive index ARCHIVE (created if absent), so intake search ARCHIVE spans every batch",
    ),
    (
        "arg.run.overrides",
        "审查人员对类别、级别、方向的覆盖设置：批次目录之外的 TOML 文件，每份申报一节（[sub-0001] regime = \"promotion-center\"）",
        "The officer's overrides of regime, level and variant: a TOML file outside the batch, one table per submission ([sub-0001] regime = \"promotion-center\")",
    ),
    (
        "arg.run.pipelines",
        "规则库目录：以其中的 regimes/*.toml 规则库和 regulations/*.txt 管理办法文本代替内置的；新增一个申报类别只需新增一份规则库和一份办法文本",
        "A pipelines folder whose rulebooks (regimes/*.toml) and regulations (regulations/*.txt) replace the built-in ones: a new regime is a new rulebook and regulation text there",
    ),
    (
        "arg.run.doc_timeout",
        "单个文档最多处理的秒数，超时记为无法读取",
        "Seconds one document may take before it is reported unreadable",
    ),
    // Arguments other branches are adding (OCR; search paging), worded ahead so the merge
    // keeps both languages.
    (
        "arg.run.ocr",
        "扫描页（没有文字层的页）的文字识别：auto 在有识别引擎时识别，off 不识别",
        "Text recognition for scanned pages (pages without a text layer): auto when an OCR engine is present, off never",
    ),
    (
        "arg.run.ocr_pages",
        "每份文档最多识别的扫描页数",
        "At most this many scanned pages recognised per document",
    ),
    (
        "arg.run.ocr_page_timeout",
        "识别一页最多用的秒数",
        "Seconds the recognition of one page may take",
    ),
    (
        "arg.search.offset",
        "跳过前 N 条结果（翻页）",
        "Skip the first N hits (paging)",
    ),
    (
        "arg.extract.file",
        "文档（PDF、DOCX 或文本）",
        "The document (PDF, DOCX or text)",
    ),
    (
        "arg.extract.json",
        "以 JSON 输出页、块和元数据",
        "Print pages, blocks and metadata as JSON",
    ),
    (
        "arg.search.out",
        "intake run 的结果目录（检索其中的 index/），或归档索引目录",
        "An OUT folder of intake run (its index/ is searched) or an archive index folder",
    ),
    (
        "arg.search.query",
        "检索式：多个词同时满足；\"…\" 为短语（\"…\"~2 允许间隔）；OR、-词、字段:值（regime:、kind:、org_name:、year:[2022 TO 2024]）；指标范围 staff.total:[50 TO *]。空串 \"\" 列出满足筛选的全部条目",
        "The query: words are ANDed, \"…\" is a phrase (\"…\"~2 with slop), OR, -word, field:value (regime:, kind:, org_name:, year:[2022 TO 2024]), metric ranges staff.total:[50 TO *]. Empty (\"\") lists every entry that passes the filters",
    ),
    (
        "arg.search.regime",
        "只看这一类别（iia-lab、iia-training-base、promotion-center、tech-base-platform、quality-standards-lab）",
        "Only this regime (iia-lab, iia-training-base, promotion-center, tech-base-platform, quality-standards-lab)",
    ),
    (
        "arg.search.submission",
        "只看这一份申报（子目录名）",
        "Only this submission folder",
    ),
    (
        "arg.search.batch",
        "只看归档中的这一批次",
        "Only this batch of an archive",
    ),
    (
        "arg.search.where_",
        "数值筛选 指标 比较符 数值（比较符 >= > <= < =），如 \"staff.total>=50\"；单位为规范单位（元、平方米、人、百分数 0–100，数值可带 万 或 亿），也可用 year、page。指标键见 intake metrics。可重复，须全部满足",
        "A numeric filter METRIC OP NUMBER (OP: >= > <= < =), e.g. \"staff.total>=50\", in canonical units (CNY yuan, m², persons, percent 0–100; a value may end in 万 or 亿), or year, page. Metric keys: intake metrics. Repeatable; all must hold",
    ),
    (
        "arg.search.kind",
        "只看有这类问题的申报（duplicate_text、threshold_unmet 等）",
        "Only submissions with a finding of this kind (duplicate_text, threshold_unmet, …)",
    ),
    (
        "arg.search.limit",
        "最多显示的结果数",
        "At most this many hits",
    ),
    (
        "arg.search.json",
        "每条结果一行 JSON（批次、申报、文档、页、块、得分、摘要、高亮位置等）",
        "One JSON object per hit and line (batch, submission, document, page, block, score, snippet, highlights, …)",
    ),
    (
        "arg.export.out",
        "intake run 的结果目录（导出其中的 index/），或归档索引目录",
        "An OUT folder of intake run (its index/ is exported) or an archive index folder",
    ),
    (
        "arg.export.format",
        "写到标准输出的格式",
        "The format written to stdout",
    ),
    (
        "arg.export.mapping",
        "同时把索引映射（PUT /intake 用的 JSON）写到这个文件",
        "Also write the index mapping (JSON for PUT /intake) to this file",
    ),
    (
        "arg.rules.regime",
        "只列这一类别（iia-lab、iia-training-base、promotion-center、tech-base-platform、quality-standards-lab）",
        "Only this regime (iia-lab, iia-training-base, promotion-center, tech-base-platform, quality-standards-lab)",
    ),
    (
        "arg.rules.dir",
        "加载并校验这个目录中的规则库（*.toml）而不是内置规则库；错误会指出文件和行号",
        "Load and validate the rulebooks of this folder (*.toml) instead of the built-in ones; errors name the file and line",
    ),
    (
        "arg.metrics.json",
        "每个指标一行 JSON（key、name、unit、type）",
        "One JSON object per metric and line (key, name, unit, type)",
    ),
    (
        "arg.serve.out",
        "intake run 的结果目录",
        "An OUT folder of intake run",
    ),
    (
        "arg.serve.addr",
        "监听地址（默认只限本机）",
        "The address to listen on (this machine only by default)",
    ),
    (
        "arg.serve.batch",
        "批次目录，用于显示引用的原文页",
        "The batch folder, to show the cited source pages",
    ),
    (
        "arg.serve.allow_remote",
        "允许监听非本机回环地址（局域网中的其他电脑可访问）",
        "Allow an address other than loopback (other machines on the network can connect)",
    ),
    // ---- help: layout ----
    ("heading.usage", "用法：", "Usage: "),
    ("help.default", "（默认：{value}）", " [default: {value}]"),
    ("heading.args", "参数", "Arguments"),
    ("heading.options", "选项", "Options"),
    ("heading.commands", "命令", "Commands"),
    (
        "help.see",
        "用 `{command} --help` 查看用法和示例",
        "See `{command} --help` for usage and examples",
    ),
    // ---- argument errors ----
    (
        "clap.unknown_arg",
        "不认识的参数 {arg}",
        "unexpected argument {arg}",
    ),
    (
        "clap.unknown_command",
        "没有 {arg} 这个命令（可用：{valid}）",
        "no command {arg} (one of: {valid})",
    ),
    (
        "clap.invalid_value",
        "参数 {arg} 的值 {value} 无效",
        "invalid value {value} for {arg}",
    ),
    (
        "clap.valid_values",
        "可选值：{valid}",
        "possible values: {valid}",
    ),
    (
        "clap.missing",
        "缺少必需的参数：{arg}",
        "missing required argument: {arg}",
    ),
    (
        "clap.missing_value",
        "参数 {arg} 后面缺少值",
        "{arg} needs a value",
    ),
    (
        "clap.too_many",
        "多余的参数 {value}",
        "unexpected extra value {value}",
    ),
    (
        "clap.conflict",
        "参数 {arg} 不能与 {other} 同时使用",
        "{arg} cannot be used with {other}",
    ),
    (
        "clap.not_utf8",
        "参数不是有效的 UTF-8 文本",
        "an argument is not valid UTF-8",
    ),
    (
        "did_you_mean",
        "您是不是想用 {suggestion}？",
        "did you mean {suggestion}?",
    ),
    // ---- run ----
    (
        "run.batch_missing",
        "批次目录 {path} 不存在或不是目录",
        "batch folder {path} does not exist or is not a folder",
    ),
    (
        "run.cannot_read_batch",
        "无法读取批次目录 {path}：{error}",
        "cannot read batch folder {path}: {error}",
    ),
    (
        "run.cannot_write",
        "无法写入 {path}：{error}",
        "cannot write {path}: {error}",
    ),
    (
        "run.rules_broken",
        "内置规则库无法加载（程序缺陷，请报告）：{error}",
        "the built-in rulebooks failed to load (a defect, please report it): {error}",
    ),
    (
        "run.archive",
        "以前批次 {path} 无法使用：{error}",
        "earlier batch {path} cannot be used: {error}",
    ),
    (
        "run.index",
        "检索索引 {path} 无法写入：{error}",
        "index {path} cannot be written: {error}",
    ),
    (
        "run.threads",
        "无法启动工作线程：{error}",
        "the worker threads could not start: {error}",
    ),
    (
        "run.summary",
        "{submissions} 份申报，{documents} 个文件（{unreadable} 个无法读取，{skipped} 个跳过{stray}），{facts} 条数据；问题 {fail} 项不通过、{warn} 项警告、{info} 项提示；结论 {pass} 份通过、{review} 份待复核、{failed} 份不通过；用时 {time} → {out}",
        "{submissions} submissions, {documents} documents ({unreadable} unreadable, {skipped} skipped{stray}), {facts} facts; findings: {fail} fail, {warn} warn, {info} info; verdicts: {pass} pass, {review} review, {failed} fail; {time} → {out}",
    ),
    (
        "run.profile_head",
        "各阶段用时（墙钟秒为各线程累加，CPU 秒为用户态+内核态）：",
        "time per stage (wall seconds summed over threads; CPU seconds user + system):",
    ),
    (
        "run.profile_row",
        "  {stage}：墙钟 {wall} 秒，CPU {cpu} 秒",
        "  {stage}: wall {wall} s, CPU {cpu} s",
    ),
    (
        "run.profile_total",
        "  合计：墙钟 {wall} 秒，CPU {cpu} 秒（{percent}% 核心占用，--jobs {jobs}）",
        "  total: wall {wall} s, CPU {cpu} s ({percent}% of a core, --jobs {jobs})",
    ),
    (
        "stage.extract",
        "文档解析（PDF/DOCX/TXT）",
        "extraction (PDF/DOCX/TXT)",
    ),
    ("stage.facts", "数据提取", "facts"),
    ("stage.rules", "规则判定", "rules"),
    (
        "stage.integrity_prepare",
        "真实性核查准备（逐份核查、指纹）",
        "integrity preparation (per submission, fingerprints)",
    ),
    (
        "stage.index_tokenise",
        "索引分词（逐份文档）",
        "index tokenising (per document)",
    ),
    (
        "stage.writer_jsonl",
        "写出（JSONL、暂存）",
        "writer (JSONL, spill)",
    ),
    ("stage.writer_index", "写出（索引）", "writer (index)"),
    (
        "stage.index_threads",
        "索引线程及其他",
        "index threads and other",
    ),
    (
        "stage.batch_checks",
        "批次核查（抄袭等）",
        "batch checks (copied text, …)",
    ),
    (
        "stage.writer_report_archive",
        "写出（报告、归档）",
        "writer (report, archive)",
    ),
    (
        "run.summary_stray",
        "，批次顶层另有 {stray} 个不属于任何申报的文件",
        ", {stray} stray files at the batch top level",
    ),
    (
        "run.decisions_carried",
        "处理记录 {decided} 条沿用，{resolved} 条因问题不再出现标为已消除，{reopened} 条重新出现 → {db}",
        "decisions: {decided} carried over, {resolved} marked resolved (finding gone), {reopened} reopened → {db}",
    ),
    (
        "arg.run.decisions",
        "沿用处理记录：之前的处理记录数据库（OUT_OLD/decisions.sqlite），其中的处理结果沿用到本次相同的问题上；不再出现的问题标为已消除。可重复",
        "Carry decisions: an earlier decisions database (OUT_OLD/decisions.sqlite) whose decisions carry to the same findings of this run; findings no longer made are marked resolved. Repeatable",
    ),
    (
        "arg.run.db",
        "共用的处理记录数据库（放在 OUT 之外），代替 OUT/decisions.sqlite",
        "A shared decisions database (outside OUT) instead of OUT/decisions.sqlite",
    ),
    (
        "run.ocr_missing",
        "注意：{why}；无文本层的扫描页将列为无法读取",
        "note: OCR is unavailable ({why}); scanned pages without a text layer will be listed as unreadable",
    ),
    (
        "progress.ocr",
        "已识别扫描页 {pages}",
        "{pages} scanned pages recognised",
    ),
    (
        "run.started",
        "开始处理 {batch}：{submissions} 份申报，{files} 个文件 → {out}",
        "processing {batch}: {submissions} submissions, {files} files → {out}",
    ),
    // ---- progress ----
    ("phase.read", "读取文档", "reading documents"),
    (
        "phase.batch_checks",
        "跨申报核查",
        "checks across submissions",
    ),
    ("phase.write", "写出结果", "writing results"),
    (
        "progress.counts",
        "申报 {done}/{total}  文件 {files}/{files_total}  不通过 {failed}  无法读取 {unreadable}",
        "submissions {done}/{total}  files {files}/{files_total}  fail {failed}  unreadable {unreadable}",
    ),
    ("progress.rate", "{rate} 个文件/秒", "{rate} files/s"),
    ("progress.eta", "约剩 {eta}", "eta {eta}"),
    (
        "progress.line",
        "[{elapsed}] {phase}：申报 {done}/{total}（{percent}%），文件 {files}/{files_total}，不通过 {failed}，无法读取 {unreadable}，{rate}",
        "[{elapsed}] {phase}: submissions {done}/{total} ({percent}%), files {files}/{files_total}, fail {failed}, unreadable {unreadable}, {rate}",
    ),
    (
        "progress.phase_line",
        "[{elapsed}] {phase}……",
        "[{elapsed}] {phase}…",
    ),
    ("progress.waiting", "已用 {elapsed}", "{elapsed} so far"),
    ("time.seconds", "{s} 秒", "{s} s"),
    ("time.minutes", "{m} 分 {s} 秒", "{m} min {s} s"),
    ("time.hours", "{h} 小时 {m} 分", "{h} h {m} min"),
    // ---- extract ----
    (
        "extract.cannot_read",
        "无法读取 {path}：{error}",
        "cannot read {path}: {error}",
    ),
    (
        "extract.failed",
        "{path}（{format}）无法解析：{error}",
        "{path} ({format}) cannot be read: {error}",
    ),
    (
        "extract.page",
        "--- 第 {page} 页 ---",
        "--- page {page} ---",
    ),
    (
        "extract.page_ocr",
        "--- 第 {page} 页（OCR 识别，置信度 {conf}）---",
        "--- page {page} (read by OCR, confidence {conf}) ---",
    ),
    (
        "extract.no_text_layer",
        "（本页没有文字层：可能是扫描件或图片，intake 读不到其中的文字）",
        "(this page has no text layer: probably a scan or an image; intake reads no text from it)",
    ),
    (
        "extract.no_text",
        "（文档中没有文字）",
        "(the document holds no text)",
    ),
    // ---- search ----
    ("search.no_hits", "没有结果", "no hits"),
    (
        "search.only_punctuation",
        "检索式 {query} 只有标点符号，没有可检索的字词",
        "the query {query} holds only punctuation: nothing is left to search for",
    ),
    (
        "search.no_index",
        "{dir} 中没有检索索引：它既不是 intake run 的结果目录，也不是归档索引（先运行 intake run 批次目录 --out {dir}）",
        "no search index in {dir}: it is neither an OUT folder of intake run nor an archive index (run intake run BATCH --out {dir} first)",
    ),
    (
        "search.too_deep",
        "查询嵌套过深（最多 {depth} 层，括号与 NOT 合计最多 {groups} 个）",
        "the query nests too deeply (at most {depth} levels, {groups} groups and NOTs in all)",
    ),
    (
        "search.syntax",
        "检索式语法错误，第 {column} 个字符：{problem}",
        "query syntax error at character {column}: {problem}",
    ),
    (
        "search.syntax_unknown",
        "检索式无法解析：{detail}",
        "the query cannot be parsed: {detail}",
    ),
    (
        "syntax.unclosed_quote",
        "引号 \" 没有配对（短语要用一对引号括起来，如 \"工业互联网\"）",
        "the quote \" is not closed (a phrase goes between two quotes, as in \"工业互联网\")",
    ),
    (
        "syntax.unclosed_paren",
        "括号 ( 没有配对的 )",
        "the bracket ( is not closed",
    ),
    ("syntax.stray_paren", "多余的右括号 )", "a ) without its ("),
    (
        "syntax.dangling",
        "{op} 后面缺少检索词",
        "{op} needs a word after it",
    ),
    (
        "syntax.leading",
        "{op} 前面缺少检索词",
        "{op} needs a word before it",
    ),
    (
        "syntax.empty_field",
        "{field}: 后面缺少值",
        "{field}: needs a value",
    ),
    (
        "syntax.unknown_field",
        "没有 {field} 这个字段（可用：{valid}，或指标键，见 intake metrics）",
        "no field {field} (one of: {valid}, or a metric key, see intake metrics)",
    ),
    (
        "search.unknown_regime",
        "没有 {value} 这个类别（可选：{valid}）",
        "unknown regime {value} (one of: {valid})",
    ),
    (
        "search.unknown_kind",
        "没有 {value} 这类问题（可选：{valid}）",
        "unknown finding kind {value} (one of: {valid})",
    ),
    (
        "where.shape",
        "筛选条件 {clause} 应写成 指标 比较符 数值，比较符为 >= > <= < =，例如 staff.total>=50",
        "the filter {clause} should read METRIC OP NUMBER with OP one of >= > <= < =, e.g. staff.total>=50",
    ),
    (
        "where.unknown_metric",
        "筛选条件 {clause}：没有 {metric} 这个指标（全部指标见 intake metrics）",
        "the filter {clause}: no metric {metric} (intake metrics lists them all)",
    ),
    (
        "where.not_number",
        "筛选条件 {clause}：{value} 不是数值",
        "the filter {clause}: {value} is not a number",
    ),
    (
        "where.whole",
        "筛选条件 {clause}：year 和 page 只能是整数",
        "the filter {clause}: year and page take whole numbers",
    ),
    (
        "where.not_numeric_metric",
        "筛选条件 {clause}：{metric}（{name}）不是数值型指标，不能比较大小",
        "the filter {clause}: {metric} ({name}) is not a numeric metric and cannot be compared",
    ),
    // ---- export ----
    (
        "export.mapping",
        "无法写入映射文件 {path}：{error}",
        "cannot write mapping {path}: {error}",
    ),
    // ---- rules ----
    (
        "rules.header",
        "类别\t编号\t条款\t适用范围\t条件\t级别",
        "regime\tid\tarticle\tvariant\tcondition\tlevel",
    ),
    ("rules.hard", "硬性", "hard"),
    ("rules.soft", "参考", "soft"),
    ("rules.integrity", "真实性", "integrity"),
    ("rules.if_stated", "（如载明）", " (if stated)"),
    // ---- metrics ----
    (
        "metrics.header",
        "指标键\t中文名称\t单位\t类型",
        "key\tChinese name\tunit\ttype",
    ),
    ("unit.persons", "人", "persons"),
    ("unit.CNY", "元", "CNY yuan"),
    ("unit.m2", "平方米", "m²"),
    ("unit.percent", "%（0–100）", "percent (0–100)"),
    ("unit.count", "项/个", "count"),
    ("unit.years", "年", "years"),
    ("unit.months", "月", "months"),
    ("unit.year", "年份", "year"),
    ("unit.person-times", "人次", "person-times"),
    ("unit.-", "—", "—"),
    ("type.text", "文本", "text"),
    ("type.date", "日期", "date"),
    ("type.bool", "是/否", "yes/no"),
    ("type.count", "计数", "count"),
    ("type.number", "数值", "number"),
    ("type.money", "金额", "money"),
    ("type.int", "整数", "integer"),
    // ---- general ----
    ("error.internal", "{error}", "{error}"),
];

#[cfg(test)]
mod tests {
    use super::MESSAGES;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<&str> {
        s.split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(name, _)| name))
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .collect()
    }

    #[test]
    fn every_message_has_both_languages_with_the_same_placeholders() {
        let mut keys = BTreeSet::new();
        for (key, zh, en) in MESSAGES {
            assert!(keys.insert(*key), "{key} twice");
            assert!(!zh.is_empty() && !en.is_empty(), "{key} lacks a language");
            assert_eq!(placeholders(zh), placeholders(en), "{key}");
        }
    }

    #[test]
    fn every_key_the_code_uses_is_defined() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = Vec::new();
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("catalogue.rs") {
                    let src = std::fs::read_to_string(&p).unwrap();
                    for call in ["tr!(\"", "text(\""] {
                        for (at, _) in src.match_indices(call) {
                            // `context("…")` is not `text("…")`.
                            let before = src[..at].chars().next_back().unwrap_or(' ');
                            if before.is_alphanumeric() || before == '_' {
                                continue;
                            }
                            let rest = &src[at + call.len()..];
                            let key = rest.split('"').next().unwrap().to_string();
                            used.push((p.display().to_string(), key));
                        }
                    }
                }
            }
        }
        assert!(used.len() > 50, "the scan found only {} uses", used.len());
        for (file, key) in used {
            assert!(
                MESSAGES.iter().any(|(k, _, _)| *k == key),
                "{file}: {key} is not in the catalogue"
            );
        }
    }
}
