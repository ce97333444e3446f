"""产业技术基础公共服务平台 (tech-base-platform) applicants: sub-0001 … sub-0005."""

from __future__ import annotations

import datetime as dt

from common import F, N, at, cn_date, cover, days, doc, finding, make_credit_code, sub

TITLE = "工业和信息化部产业技术基础公共服务平台申报书"
ISSUER = "中华人民共和国工业和信息化部制"
AR_TITLE = "产业技术基础公共服务平台年度运行情况表"
R = "tech-base-platform"


def _cover(platform, org, code, d, date_text, recommender):
    return cover(TITLE, [
        f"平台名称：{platform}",
        F("org.name", org, f"申报单位（盖章）：{org}"),
        F("org.credit_code", code, f"统一社会信用代码：{code}"),
        f"推荐单位：{recommender}",
        F("application.date", d.isoformat(), f"申报日期：{date_text}"),
    ], ISSUER)


def _basic(org, code, founded, founded_text, address, industries, scope, contact):
    return [
        ("h1", "一、申报单位基本情况"),
        ("kv", [
            ["单位名称", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["单位性质", F("org.kind", "企业", "企业")],
            ["成立时间", F("org.founded", founded.isoformat(), founded_text)],
            ["法人资格", F("org.legal_entity", True, "具有独立法人资格")],
            ["注册地址", address],
            ["服务行业领域", industries],
            ["服务范围", scope],
            ["联系人", contact],
        ]),
    ]


def _ar_head(platform, org, code, sent):
    return [
        ("title", AR_TITLE),
        ("center", F("report.year", 2025, "（2025年度）")),
        ("kv", [
            ["平台名称", platform],
            ["依托单位", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["报送日期", cn_date(sent)],
        ]),
    ]


def sub_0001():
    org = "榕城衡准计量检测技术有限公司"
    code = make_credit_code("9", "1", "350100", "MA2Y3K7P")
    d = dt.date(2026, 3, 18)
    platform = "榕城衡准装备计量检测公共服务平台"
    app = _cover(platform, org, code, d, cn_date(d), "福州市工业和信息化局") + _basic(
        org, code, dt.date(2016, 5, 12), "2016年5月12日",
        "福建省福州市闽侯县上街镇科技东路88号衡准检测楼", "装备、仪器仪表、新能源",
        "计量检测、质量可靠性试验检测", "林若衡 0591-2266xxxx") + [
        ("h1", "二、平台基本情况"),
        ("p", "本单位长期面向福建及周边地区的电机、泵阀和储能装备企业开展在线计量校准与可靠性"
              "验证，是省内较早建成整机级振动噪声计量能力的第三方机构。主营收入中，"
              + F("business.tech_base_pct", 65, "产业技术基础服务业务占比65%")
              + "，其余为检测设备租赁及培训收入。"),
        ("p", "平台自2016年起持续提供计量检测服务，累计拥有"
              + F("service.years", 9, "产业技术基础服务经历9年")
              + "，形成" + F("service.cases", 12, "具有行业影响力的服务案例十二项")
              + "，其中储能电池簇温升一致性校准方案已被三家省级行业协会推荐采用。"),
        ("h1", "三、人才队伍"),
        ("p", N("staff.total", "按照要求从业人员不少于50人")
              + "，" + N("staff.masters_or_mid_title_pct", "其中硕士或中级职称以上专业人员比例不低于50%")
              + "（《办法》第六条（五））。截至2025年12月31日，本单位" + F("staff.total", 126, "从业人员共计126人")
              + "，其中" + F("staff.masters_or_mid_title", 86, "硕士或中级职称以上专业人员86人")
              + "，" + F("staff.masters_or_mid_title_pct", 68.3, "占比68.3%") + "；"
              + F("staff.senior_title", 31, "具有高级职称31人") + "；"
              + F("staff.qualified_pct", 74, "具有从业资质和科研成果的人员比例为74%") + "。"),
        ("table", "表1 人员情况表", ["类别", "人数"], [
            ["博士", F("staff.phd", 14, "14")],
            ["硕士", F("staff.masters", 54, "54")],
            ["本科及以下", "58"],
            ["合计", F("staff.total", 126, "126")],
        ]),
        ("h1", "四、设施设备与服务收入"),
        ("p", "平台拥有恒温恒湿计量实验室及整机振动试验区，"
              + F("facility.area_m2", 4600, "实验场地面积4,600平方米") + "。"
              + F("equipment.original_value", 12500000, "技术服务仪器设备（含软件）原值1,250万元")
              + "，主要包括六自由度振动台、声学相机和多通道功率分析仪。2025年度"
              + F("revenue.total_annual", 23080000, "营业收入2,308万元") + "，其中"
              + F("revenue.service_annual", 15000000, "年相关服务收入1,500万元") + "。"),
        ("h1", "五、技术能力"),
        ("p", F("projects.national_or_provincial_3y", 4, "近3年承担国家级或省部级项目4项")
              + "，包括一项国家标准制修订项目、一项计量技术规范制修订项目和两项省级产业技术基础"
              "专项，均已按期通过验收或进入报批阶段。"),
    ]
    ar = _ar_head(platform, org, code, dt.date(2026, 2, 10)) + [
        ("pagebreak",),
        ("h1", "一、能力建设情况"),
        ("p", "2025年平台新增电磁兼容预测试舱一座，完成振动台控制系统升级。年末"
              + F("staff.total", 126, "从业人员126人") + "，"
              + F("equipment.original_value", 12500000, "仪器设备原值1250万元") + "。"),
        ("h1", "二、服务运营情况"),
        ("p", "全年出具校准及检测报告五千余份，服务企业四百余家，"
              + F("revenue.service_annual", 15000000, "全年技术服务收入0.15亿元")
              + "，较上年增长约一成。"),
        ("h1", "三、2026年度工作目标和计划"),
        ("p", "计划建成储能变流器并网性能验证线，并与本地高校共建计量人才实训点。"),
    ]
    return sub("sub-0001", R, org=org, code=code, app_date=d,
               purpose="compliant applicant; figures in prose and in DOCX tables (人员情况表, "
                       "form table); quotes the 第六条(五) requirement; PDF annual report in a subfolder",
               docs=[
                   doc("申报书.docx", "docx", "application", app, created=at(days(d, -20)),
                       modified=at(days(d, -1), 17, 40), author="林若衡"),
                   doc("附件/2025年度运行情况表.pdf", "pdf", "annual_report", ar,
                       created=at(dt.date(2026, 2, 9), 15), modified=at(dt.date(2026, 2, 9), 16),
                       author="林若衡", year=2025),
               ])


def sub_0002():
    org = "沧澜新材料质量检验有限公司"
    code = make_credit_code("9", "1", "330200", "MA28C4LN")
    d = dt.date(2026, 3, 12)
    platform = "沧澜先进高分子材料质量检验公共服务平台"
    app = _cover(platform, org, code, d, "2026-03-12", "宁波市经济和信息化局") + _basic(
        org, code, dt.date(2019, 8, 20), "2019年8月20日",
        "浙江省宁波市北仑区新碶街道沧澜路17号", "新材料、石化化工",
        "质量可靠性试验检测、标准验证与检测", "梁亦舟 0574-8611xxxx") + [
        ("h1", "二、平台基本情况"),
        ("p", "平台聚焦改性工程塑料、特种纤维和复合膜材料，建有老化、阻燃与力学三个专业"
              "实验室，可依据国家标准和国际标准完成全项性能检验。"
              + F("business.tech_base_pct", 82, "产业技术基础服务业务占比为82%") + "。"),
        ("p", "自成立以来已连续开展检验检测服务，" + F("service.years", 6, "具备6年产业技术基础服务经历")
              + "，代表性成果包括汽车轻量化材料批次一致性评价等"
              + F("service.cases", 5, "5项具有行业影响力的服务案例") + "。"),
        ("h1", "三、人才队伍"),
        ("p", "根据第六条（五）" + N("staff.total", "从业人员不少于50人")
              + "的要求，本单位已启动2026年度扩编计划。目前" + F("staff.total", 48, "从业人员共计48人")
              + "，" + F("staff.masters_or_mid_title", 29, "硕士或中级职称以上专业人员29人")
              + "，" + F("staff.masters_or_mid_title_pct", 60.4, "比例为60.4%") + "，"
              + F("staff.qualified_pct", 65, "具有从业资质和科研成果的人员占65%") + "。"),
        ("table", "表1 人员情况表", ["类别", "人数"], [
            ["博士", F("staff.phd", 3, "3")],
            ["硕士", F("staff.masters", 21, "21")],
            ["本科及以下", "24"],
            ["合计", F("staff.total", 48, "48")],
        ]),
        ("h1", "四、设施设备与服务收入"),
        ("p", "现有检验用房两层，配置氙灯老化箱、锥形量热仪、万能材料试验机等设备，"
              + F("equipment.original_value", 10800000, "仪器设备原值1,080万元") + "；2025年"
              + F("revenue.service_annual", 9600000, "全年服务收入960万元") + "。"),
        ("h1", "五、技术能力"),
        ("p", F("projects.national_or_provincial_3y", 2, "近3年承担国家级或省部级项目2项")
              + "，分别为浙江省重点研发计划子课题和一项行业标准制定任务。"),
    ]
    ar = _ar_head(platform, org, code, dt.date(2026, 1, 28)) + [
        ("h1", "一、能力建设"),
        ("p", "本年度完成实验室认可扩项两次，新增阻燃检测参数十一项。年末"
              + F("staff.total", 48, "从业人员48人") + "，"
              + F("equipment.original_value", 10800000, "设备原值1080万元") + "。"),
        ("h1", "二、服务运营"),
        ("p", "全年服务长三角地区材料企业二百一十家，" + F("revenue.service_annual", 9600000, "技术服务收入960万元")
              + "。"),
        ("h1", "三、下一年度计划"),
        ("p", "引进博士两名，补齐复合材料疲劳测试能力。"),
    ]
    return sub("sub-0002", R, org=org, code=code, app_date=d,
               purpose="staff one below the threshold (48 < 50, 第六条(五)); annual report is a GBK .txt",
               docs=[
                   doc("申报书.pdf", "pdf", "application", app, created=at(days(d, -15)),
                       modified=at(days(d, -2), 11), author="梁亦舟"),
                   doc("2025年度运行情况表.txt", "txt", "annual_report", ar, created=None,
                       modified=None, author=None, encoding="gbk", year=2025),
               ],
               findings=[finding("tbp.staff", "threshold_unmet", "fail", "staff.total",
                                 "从业人员 48 人，低于 第六条(五) 要求的 50 人",
                                 [("申报书.pdf", "从业人员共计48人")], regime=R, article="第六条(五)")])


def sub_0003():
    org = "楚衡产业信息研究院有限公司"
    code = make_credit_code("9", "1", "420100", "MA4K9D2R")
    d = dt.date(2026, 3, 20)
    platform = "楚衡新一代信息技术产业信息与知识产权服务平台"
    app = _cover(platform, org, code, d, cn_date(d), "湖北省经济和信息化厅") + _basic(
        org, code, dt.date(2014, 11, 3), "2014年11月3日",
        "湖北省武汉市东湖新技术开发区光谷软件园C3栋", "新一代信息技术、人工智能",
        "产业信息、知识产权", "许知微 027-8799xxxx") + [
        ("h1", "二、平台基本情况"),
        ("p", "研究院以产业链图谱和专利导航为主线，为地方政府和链主企业提供产业监测、技术"
              "路线研判和知识产权布局服务，" + F("business.tech_base_pct", 71, "产业技术基础服务业务占比71%")
              + "。"),
        ("p", "机构" + F("service.years", 11, "从事产业技术基础服务已有11年")
              + "，光电子产业链专利导航、车规级芯片供应链风险监测等"
              + F("service.cases", 8, "服务案例8项") + "在行业内具有较大影响。"),
        ("h1", "三、人才队伍"),
        ("p", "研究院" + F("staff.total", 126, "从业人员共计126人") + "，其中"
              + F("staff.masters_or_mid_title", 68, "硕士或中级职称以上专业人员68人")
              + "，" + F("staff.masters_or_mid_title_pct", 60, "占比60%") + "；"
              + F("staff.qualified_pct", 66, "具有从业资质和科研成果的人员比例66%")
              + "，专利代理师19人。"),
        ("h1", "四、设施设备与服务收入"),
        ("p", "研究院自建产业数据库与专利检索分析系统，" + F("equipment.original_value", 6200000, "仪器设备（含软件）原值620万元")
              + "；" + F("revenue.service_annual", 18600000, "年相关服务收入1,860万元") + "（2025年度）"
              + "，超过第六条（六）所列的收入条件。"),
        ("h1", "五、技术能力"),
        ("p", F("projects.national_or_provincial_3y", 6, "近3年承担国家级或省部级项目6项")
              + "，涵盖产业信息发展研究、行业知识产权发展研究等方向。"),
    ]
    ar = _ar_head(platform, org, code, dt.date(2026, 2, 26)) + [
        ("h1", "一、年度能力建设"),
        ("p", "年内上线光谷产业链运行监测看板，数据库收录企业主体信息约四十万条。本年度末"
              + F("staff.total", 126, "在职人员126人") + "，其中"
              + F("staff.masters_or_mid_title", 68, "硕士或中级职称以上专业人员68人") + "。"),
        ("h1", "二、年度服务运营"),
        ("p", "完成专利导航报告十四份，" + F("revenue.service_annual", 18600000, "技术服务收入1860万元")
              + "。"),
    ]
    return sub("sub-0003", R, org=org, code=code, app_date=d,
               purpose="percentage not matching its counts (68/126 stated as 60%, is 54.0%); "
                       "passes 第六条(六) on revenue, not equipment",
               docs=[
                   doc("申报书.docx", "docx", "application", app, created=at(days(d, -30)),
                       modified=at(days(d, -3), 20, 5), author="许知微"),
                   doc("2025年度运行情况表.docx", "docx", "annual_report", ar,
                       created=at(dt.date(2026, 2, 20)), modified=at(dt.date(2026, 2, 25), 18),
                       author="许知微", year=2025),
               ],
               findings=[finding("integrity.arithmetic_mismatch", "arithmetic_mismatch", "fail",
                                 "staff.masters_or_mid_title_pct",
                                 "占比 60% 与 68/126 = 54.0% 不符",
                                 [("申报书.docx", "硕士或中级职称以上专业人员68人"),
                                  ("申报书.docx", "占比60%"),
                                  ("申报书.docx", "从业人员共计126人")])])


def sub_0004():
    org = "锡岭仪器仪表可靠性试验中心有限公司"
    code = make_credit_code("9", "1", "320200", "MA1N6T8W")
    d = dt.date(2026, 3, 9)
    platform = "锡岭仪器仪表质量可靠性试验公共服务平台"
    app = _cover(platform, org, code, d, "2026 年 3 月 9 日", "无锡市工业和信息化局") + _basic(
        org, code, dt.date(2012, 6, 18), "2012年6月18日",
        "江苏省无锡市新吴区锡岭路205号", "仪器仪表、装备",
        "质量可靠性试验检测、计量检测", "王清川 0510-8520xxxx") + [
        ("h1", "二、平台基本情况"),
        ("p", "中心专注于工业自动化仪表、分析仪器的环境适应性和寿命试验，拥有高低温交变、"
              "盐雾、霉菌及电快速瞬变脉冲群等成套试验条件。"
              + F("business.tech_base_pct", 76, "产业技术基础服务业务占比76%") + "。"),
        ("p", "中心" + F("service.years", 13, "累计开展产业技术基础服务13年") + "，"
              "为流量计、压力变送器龙头企业完成的加速寿命评价等"
              + F("service.cases", 7, "7项服务案例") + "被行业广泛引用。"),
        ("h1", "三、人才队伍"),
        ("p", "中心现有" + F("staff.total", 88, "员工人数88人") + "，"
              + F("staff.masters_or_mid_title", 51, "硕士或中级职称以上专业人员51人")
              + "（" + F("staff.masters_or_mid_title_pct", 58.0, "占58.0%") + "），"
              + F("staff.qualified_pct", 63, "具有从业资质和科研成果的人员比例为63%") + "。"),
        ("h1", "四、设施设备与服务收入"),
        ("p", "试验场地位于锡岭路园区，" + F("equipment.original_value", 24600000, "技术服务仪器设备原值2,460万元")
              + "，2025年度" + F("revenue.service_annual", 13200000, "相关服务收入1,320万元") + "。"),
        ("h1", "五、技术能力"),
        ("p", "中心近年来参与多项团体标准研讨和行业可靠性评价方法交流，持续跟踪国际电工委员会"
              "相关标准动态，技术人员多次受邀在行业年会作专题报告。"),
    ]
    ar = _ar_head(platform, org, code, dt.date(2026, 1, 22)) + [
        ("h1", "一、能力建设"),
        ("p", "建成三综合（温度、湿度、振动）试验系统一套。年末"
              + F("staff.total", 88, "职工总数88人") + "，"
              + F("equipment.original_value", 24600000, "仪器设备原值2460万元") + "。"),
        ("h1", "二、服务运营"),
        ("p", "全年完成可靠性试验委托一千三百余批次，" + F("revenue.service_annual", 13200000, "年服务收入1320万元") + "。"),
    ]
    return sub("sub-0004", R, org=org, code=code, app_date=d,
               purpose="required figure missing: no 近3年国家级或省部级项目 count anywhere (第六条(七))",
               docs=[
                   doc("申报书.pdf", "pdf", "application", app, created=at(days(d, -12)),
                       modified=at(days(d, -1), 10), author="王清川"),
                   doc("2025年度运行情况表.docx", "docx", "annual_report", ar,
                       created=at(dt.date(2026, 1, 19)), modified=at(dt.date(2026, 1, 21), 16),
                       author="王清川", year=2025),
               ],
               findings=[finding("tbp.projects", "threshold_missing", "warn",
                                 "projects.national_or_provincial_3y",
                                 "未说明近3年承担国家级或省部级项目情况（第六条(七)）", [],
                                 regime=R, article="第六条(七)")])


def sub_0005():
    org = "蓉曦认证检测技术有限公司"
    code = make_credit_code("9", "1", "510100", "MA6B2E9Q")
    d = dt.date(2026, 3, 25)
    platform = "蓉曦新能源汽车认证与标准验证公共服务平台"
    app = _cover(platform, org, code, d, cn_date(d), "四川省经济和信息化厅") + _basic(
        org, code, dt.date(2017, 9, 26), "2017年9月26日",
        "四川省成都市龙泉驿区蓉曦大道66号", "新能源汽车、新材料",
        "认证认可、标准验证与检测", "罗一鸣 028-8488xxxx") + [
        ("h1", "二、平台基本情况"),
        ("p", "平台为整车及动力电池企业提供强制性产品认证前的标准符合性验证、电池包安全"
              "试验和充电互操作性测试。" + F("business.tech_base_pct", 88, "产业技术基础服务业务占比88%")
              + "，" + F("service.years", 8, "产业技术基础服务经历8年") + "，"
              + F("service.cases", 6, "具有行业影响力的服务案例6项") + "。"),
        ("h1", "三、人才队伍"),
        ("p", "平台" + F("staff.total", 73, "从业人员73人") + "，"
              + F("staff.masters_or_mid_title", 45, "硕士或中级职称以上专业人员45人") + "，"
              + F("staff.masters_or_mid_title_pct", 61.6, "比例61.6%") + "；"
              + F("staff.qualified_pct", 70, "70%的人员具有从业资质和科研成果") + "。"),
        ("h1", "四、设施设备与服务收入"),
        ("p", "截至2025年末，" + F("equipment.original_value", 18600000, "仪器设备原值1,860万元")
              + "，含电池包挤压针刺试验机、充电互操作测试系统等；"
              + F("revenue.service_annual", 11500000, "年相关服务收入1,150万元") + "（2025年）。"),
        ("h1", "五、技术能力"),
        ("p", F("projects.national_or_provincial_3y", 3, "近3年承担国家级或省部级项目3项")
              + "，其中一项为电动汽车传导充电互操作性行业标准验证项目。"),
    ]
    ar = _ar_head(platform, org, code, dt.date(2026, 2, 13)) + [
        ("pagebreak",),
        ("h1", "一、能力建设情况"),
        ("p", "本年度完成换电安全试验台建设。年末" + F("staff.total", 73, "从业人员73人") + "，"
              + F("equipment.original_value", 14200000, "设备原值1,420万元") + "。"),
        ("h1", "二、服务运营情况"),
        ("p", "服务整车及零部件企业一百六十余家，" + F("revenue.service_annual", 11500000, "技术服务收入1,150万元") + "。"),
    ]
    return sub("sub-0005", R, org=org, code=code, app_date=d,
               purpose="equipment original value 1,860万元 in the application but 1,420万元 in the "
                       "2025 annual report (inconsistent_value)",
               docs=[
                   doc("申报书.docx", "docx", "application", app, created=at(days(d, -18)),
                       modified=at(days(d, -1), 9, 30), author="罗一鸣"),
                   doc("2025年度运行情况表.pdf", "pdf", "annual_report", ar,
                       created=at(dt.date(2026, 2, 12), 14), modified=at(dt.date(2026, 2, 12), 15),
                       author="罗一鸣", year=2025),
               ],
               findings=[finding("integrity.inconsistent_value", "inconsistent_value", "fail",
                                 "equipment.original_value",
                                 "仪器设备原值：申报书 1,860万元，2025年度运行情况表 1,420万元",
                                 [("申报书.docx", "仪器设备原值1,860万元"),
                                  ("2025年度运行情况表.pdf", "设备原值1,420万元")])])


SUBMISSIONS = [sub_0001, sub_0002, sub_0003, sub_0004, sub_0005]
