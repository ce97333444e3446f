"""工业互联网数字化转型促进中心 (promotion-center) applicants: sub-0015 … sub-0019."""

from __future__ import annotations

import datetime as dt

from common import (F, N, at, cn_date, corrupt_credit_code, cover, days, doc, finding,
                    make_credit_code, sub)

R = "promotion-center"
TITLE = "工业互联网数字化转型促进中心申报书"
AR_TITLE = "工业互联网数字化转型促进中心2025年度运营情况报告"

# The passage sub-0016 copied from sub-0015 (duplicate_text).
DUP = ("促进中心构建了“诊断—规划—实施—评估”四阶闭环服务模式，依托自研的转型成熟度评估模型，"
       "对企业研发设计、生产制造、经营管理、运维服务四大环节进行量化画像，并据此生成分阶段的"
       "改造路线图与投资测算清单。")


def _cover(center, org, code, d, variant_cn, level_cn, issuer, code_quote=None):
    return cover(TITLE, [
        f"促进中心名称：{center}",
        f"申报类别：{variant_cn}",
        f"申报级别：{level_cn}",
        F("org.name", org, f"建设主体（牵头单位）：{org}"),
        F("org.credit_code", code, code_quote or f"统一社会信用代码：{code}"),
        F("application.date", d.isoformat(), f"申报日期：{cn_date(d)}"),
    ], issuer)


def _unit(org, code, kind, founded, founded_text, members):
    return [
        ("h1", "一、建设主体基本情况"),
        ("kv", [
            ["牵头单位", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["单位性质", F("org.kind", kind, kind)],
            ["成立时间", F("org.founded", founded.isoformat(), founded_text)],
            ["法人资格", F("org.legal_entity", True, "具备法人资格")],
            ["成员单位", members],
        ]),
    ]


def _ar_head(org, code, sent):
    return [
        ("title", AR_TITLE),
        ("kv", [
            ["运营主体", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["报告年度", F("report.year", 2025, "2025年")],
            ["报送日期", cn_date(sent)],
        ]),
    ]


def sub_0015():
    org = "闽瀚工业互联网运营有限公司"
    code = make_credit_code("9", "1", "350104", "MA2D7L3N")
    d = dt.date(2026, 3, 24)
    app = _cover("闽瀚工业互联网数字化转型促进中心", org, code, d, "综合类", "国家级",
                 "工业和信息化部信息技术发展司　印制") + _unit(
        org, code, "企业", dt.date(2018, 1, 9), "2018年1月9日",
        "某通信运营企业省分公司、某高职院校、某市中小企业服务机构") + [
        ("h1", "二、建设与运营情况"),
        ("p", "促进中心于2021年获认定为省级综合类促进中心，建有展示验证区、测试床区和培训区三个"
              "功能区，" + F("staff.operating", 120, "运营人数120人") + "，其中专职技术人员八十六人。"),
        ("h1", "三、技术开放创新与产业培育"),
        ("p", "促进中心" + F("outputs.ip_total", 186, "形成工业互联网领域专利、软著、标准等成果186项")
              + "，其中" + F("outputs.patents", 74, "专利74项") + "、"
              + F("outputs.software_copyrights", 97, "软件著作权97项") + "、"
              + F("outputs.standards", 15, "标准15项") + "。围绕标识解析、边缘计算和工业大数据，"
              + F("products.incubated_classes", 4, "孵化出4类新产品") + "，新产品"
              + F("products.adopters", 1350, "被1,350家企业免费使用或低成本购买") + "。"),
        ("h1", "四、应用落地推广"),
        ("p", DUP),
        ("p", "截至2025年底，促进中心" + F("consulting.regions", 12, "为12个地区") + "、"
              + F("consulting.industries", 14, "14个行业") + "的企业提供了诊断咨询服务；上一年度开展"
              + F("matchmaking.events_last_year", 16, "供需对接活动16次") + "，"
              + F("events.held", 7, "举办人才赛事、高峰论坛等活动7场") + "。"),
        ("h1", "五、生态保障与服务成效"),
        ("p", N("training.trainees_last_year", "认定标准要求国家级综合类促进中心上一年度人才培训实训规模在2000人次以上")
              + "。促进中心" + F("training.trainees_last_year", 2500, "上年度培训实训规模2,500人次")
              + "，" + F("enterprises.served_last_year", 1280, "上一年度为1,280家企业提供服务")
              + "，" + F("sme.partners", 6200, "生态合作伙伴或服务对象包含6,200家中小企业") + "。"),
    ]
    ar = _ar_head(org, code, dt.date(2026, 1, 26)) + [
        ("pagebreak",),
        ("h1", "一、运营团队"),
        ("p", "年末" + F("staff.operating", 120, "运营人员１２０人") + "，较上年增加十四人。"),
        ("h1", "二、服务成效"),
        ("p", "全年" + F("training.trainees_last_year", 2500, "培训实训2500人次") + "，"
              + F("enterprises.served_last_year", 1280, "服务企业1280家") + "，举办供需对接会十六场。"),
    ]
    return sub("sub-0015", R, org=org, code=code, app_date=d, level="national",
               variant="comprehensive",
               purpose="comprehensive/national meeting every 附2 figure; full-width digits in the PDF "
                       "annual report; its 四阶闭环 passage was copied by sub-0016",
               docs=[
                   doc("申报书.docx", "docx", "application", app, created=at(days(d, -21)),
                       modified=at(days(d, -1), 18, 30), author="黄书禾"),
                   doc("2025年度运营情况报告.pdf", "pdf", "annual_report", ar,
                       created=at(dt.date(2026, 1, 23), 16), modified=at(dt.date(2026, 1, 23), 17),
                       author="黄书禾", year=2025),
               ],
               findings=[_dup()])


def _dup():
    return finding("integrity.duplicate_text", "duplicate_text", "fail", None,
                   "sub-0015 与 sub-0016 的申报书含有相同段落（四阶闭环服务模式）",
                   [("sub-0015", "申报书.docx", DUP), ("sub-0016", "申报书.pdf", DUP)])


def sub_0016():
    org = "中垣工业智能研究院有限公司"
    code = make_credit_code("9", "1", "110108", "MA01K5TG")
    d = dt.date(2026, 3, 26)
    app = _cover("中垣工业智能技术创新促进中心", org, code, d, "功能类（技术创新）", "国家级",
                 "工业和信息化部信息技术发展司　印制") + _unit(
        org, code, "企业", dt.date(2016, 10, 17), "2016年10月17日",
        "北方某理工大学、某国家级工业软件工程研究中心") + [
        ("h1", "二、建设与运营情况"),
        ("p", "中心以工业智能算法验证和时间敏感网络测试为核心能力，" + F("staff.operating", 68, "运营人数68人") + "。"),
        ("h1", "三、技术开放创新"),
        ("p", "中心" + F("tech_fields.leading", 6, "在6个工业互联网重点技术领域具有全国领先的技术创新验证环境")
              + "，涵盖时间敏感网络、工业5G、边缘智能、数字孪生、工业安全和标识解析。"),
        ("p", F("outputs.ip_total", 342, "形成特定技术领域专利、软著、标准等成果342项") + "（"
              + F("outputs.patents", 156, "发明专利156项") + "，"
              + F("outputs.software_copyrights", 142, "软件著作权142项") + "，"
              + F("outputs.standards", 44, "标准44项") + "）。"),
        ("p", "创新伙伴方面，" + F("partners.universities_institutes", 9, "生态合作伙伴包含9家高校或科研院所")
              + "，并" + F("partners.national_labs", 4, "与4个国家级实验室、工程研究中心开展合作")
              + "；" + F("research.open_topics_last_year", 8, "上年度开展8项开放课题研究")
              + "；" + F("opensource.communities", 2, "建设运营2个开源社区") + "。"),
        ("h1", "四、服务模式"),
        ("p", DUP),
    ]
    ar = _ar_head(org, code, dt.date(2026, 2, 4)) + [
        ("h1", "一、年度运营"),
        ("p", "年末" + F("staff.operating", 68, "运营团队68人") + "，完成时间敏感网络互通测试两轮。"),
        ("h1", "二、开放创新"),
        ("p", "发布开放课题指南一期，" + F("research.open_topics_last_year", 8, "开放课题8项") + "全部结题。"),
    ]
    return sub("sub-0016", R, org=org, code=code, app_date=d, level="national", variant="tech",
               purpose="functional (技术创新)/national; copies a 99-character passage from sub-0015 "
                       "(duplicate_text); PDF application",
               docs=[
                   doc("申报书.pdf", "pdf", "application", app, created=at(days(d, -8)),
                       modified=at(days(d, -1), 22), author="钟慕白"),
                   doc("2025年度运营情况报告.docx", "docx", "annual_report", ar,
                       created=at(dt.date(2026, 2, 2)), modified=at(dt.date(2026, 2, 3), 15),
                       author="钟慕白", year=2025),
               ],
               findings=[_dup()])


def sub_0017():
    org = "莆阳数织科技有限公司"
    code = make_credit_code("9", "1", "350300", "MA35E8RY")
    d = dt.date(2026, 3, 10)
    app = _cover("莆阳纺织服装行业数字化转型促进中心", org, code, d, "行业类（纺织服装）", "省级",
                 "福建省工业和信息化厅　印制") + _unit(
        org, code, "企业", dt.date(2020, 4, 27), "2020年4月27日",
        "莆阳纺织服装数字化联盟、两家织造企业") + [
        ("h1", "二、建设与运营情况"),
        ("p", "中心由行业内领先的织造企业与行业协会共同发起，" + F("staff.operating", 33, "运营人数33人")
              + "，构成如下表。"),
        ("table", "表1 运营团队人员情况表", ["类别", "人数"], [
            ["博士", F("staff.phd", 4, "4")],
            ["硕士", F("staff.masters", 15, "15")],
            ["本科及以下", "12"],
            ["合计", F("staff.operating", 33, "33")],
        ]),
        ("h1", "三、资源集聚与推广"),
        ("p", "中心" + F("outputs.ip_total", 64, "形成工业互联网与行业融合创新的相关专利、软著、标准等成果64项")
              + "，" + F("models.industry", 620, "汇聚620个行业模型") + "，覆盖织造排产、染整配方和"
              "成衣裁剪等环节；上年度" + F("matchmaking.events_last_year", 4, "开展高水平供需对接活动4次") + "。"),
        ("h1", "四、人才培训与服务成效"),
        ("p", F("training.trainees_last_year", 420, "上年度工业互联网行业人才培训实训规模420人次")
              + "，" + F("enterprises.served_last_year", 185, "上一年度为行业内185家企业提供服务")
              + "，" + F("sme.partners", 380, "生态合作伙伴或服务对象包含380家行业中小企业") + "。"),
    ]
    ar = _ar_head(org, code, dt.date(2026, 1, 30)) + [
        ("h1", "一、运营情况"),
        ("p", "年末" + F("staff.operating", 33, "运营人数33人") + "，行业模型库新增模型一百四十个，"
              + F("models.industry", 620, "累计620个") + "。"),
        ("h1", "二、服务成效"),
        ("p", F("enterprises.served_last_year", 185, "全年服务行业企业185家") + "，组织纺织数字化现场会三场。"),
    ]
    return sub("sub-0017", R, org=org, code=code, app_date=d, level="provincial",
               variant="industry",
               purpose="industry/provincial; 运营团队人员情况表 parts 4+15+12 = 31 ≠ 合计 33 "
                       "(arithmetic_mismatch)",
               docs=[
                   doc("申报书.docx", "docx", "application", app, created=at(days(d, -19)),
                       modified=at(days(d, -3), 9), author="谢宛丘"),
                   doc("2025年度运营情况报告.docx", "docx", "annual_report", ar,
                       created=at(dt.date(2026, 1, 27)), modified=at(dt.date(2026, 1, 29), 17),
                       author="谢宛丘", year=2025),
               ],
               findings=[finding("integrity.arithmetic_mismatch", "arithmetic_mismatch", "fail",
                                 "staff.operating", "人员情况表 博士4+硕士15+本科及以下12=31，与合计33不符",
                                 [("申报书.docx", "4"), ("申报书.docx", "15"), ("申报书.docx", "12"),
                                  ("申报书.docx", "33")])])


def sub_0018():
    org = "榕芯数字人才发展有限公司"
    good = make_credit_code("9", "1", "350100", "MA2T6C1J")
    code = corrupt_credit_code(good)
    d = dt.date(2026, 3, 27)
    app = _cover("榕芯工业互联网人才培育促进中心", org, code, d, "功能类（人才培育）", "省级",
                 "福建省工业和信息化厅　印制") + _unit(
        org, code, "企业", dt.date(2019, 3, 15), "2019年3月15日",
        "两所高职院校、一家工业软件企业") + [
        ("h1", "二、建设与运营情况"),
        ("p", "中心面向制造企业一线工程师和高职院校学生，提供工业互联网平台运维、数据分析与"
              "网络安全方向的培训实训，" + F("staff.operating", 41, "运营人数41人") + "。"),
        ("h1", "三、人才培训实训"),
        ("p", "中心建有线上实训云平台和线下实训教室，" + F("training.capacity", 80, "能同时容纳80人开展上机实训操作")
              + "；" + F("training.trainees_last_year", 12600, "上年度开展特定领域新技术培训实训1.26万人次")
              + "。"),
        ("p", "产教融合方面，" + F("industry_education.cooperations_last_year", 22, "上年度达成产教合作22项")
              + "；承办省级工业互联网技能大赛，" + F("competition.teams", 1150, "参赛队伍1,150支") + "。"),
    ]
    ar = [
        ("title", AR_TITLE),
        ("kv", [
            ["运营主体", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["报告年度", F("report.year", 2025, "2025年")],
        ]),
        ("p", "2025年中心" + F("training.trainees_last_year", 12600, "培训实训12600人次") + "，"
              "新开发数据分析实训课程六门，" + F("staff.operating", 41, "运营人数41人") + "。"),
    ]
    return sub("sub-0018", R, org=org, code=code, app_date=d, level="provincial", variant="talent",
               purpose="functional (人才培育)/provincial; credit code with a wrong GB 32100 check "
                       "character (embedded GB 11714 code valid); 1.26万人次",
               docs=[
                   doc("申报书.docx", "docx", "application", app, created=at(days(d, -13)),
                       modified=at(days(d, -1), 12), author="杨晓岚"),
                   doc("2025年度运营情况报告.txt", "txt", "annual_report", ar, created=None,
                       modified=None, author=None, encoding="utf-8", year=2025),
               ],
               findings=[finding("integrity.invalid_identifier", "invalid_identifier", "fail",
                                 "org.credit_code",
                                 f"统一社会信用代码 {code} 校验码错误（GB 32100-2015，应为 {good[-1]}）",
                                 [("申报书.docx", f"统一社会信用代码：{code}")])],
               identifiers={"credit_code_correct": good})


def sub_0019():
    org = "汀江智造孵化运营有限公司"
    code = make_credit_code("9", "1", "350800", "MA3R4N6U")
    d = dt.date(2026, 3, 5)
    app = _cover("汀江工业互联网产业孵化促进中心", org, code, d, "功能类（产业孵化）", "省级",
                 "福建省工业和信息化厅　印制") + _unit(
        org, code, "企业", dt.date(2019, 11, 11), "2019年11月11日",
        "龙岩市某机械装备企业、某高校技术转移中心") + [
        ("h1", "二、建设与运营情况"),
        ("p", "中心位于龙岩高新区创新园，设有样机试制车间和小批量试产线，" + F("staff.operating", 36, "运营人数36人") + "。"),
        ("h1", "三、产业培育孵化"),
        ("p", "围绕装备远程运维和边缘计算网关，" + F("products.incubated_classes", 3, "促进中心孵化出3类新产品")
              + "，" + F("products.adopters", 640, "新产品被640家企业免费使用或购买") + "。"),
        ("p", F("suppliers.partners", 72, "促进中心生态运营伙伴包含72家工业互联网供给侧企业")
              + "，其中" + F("suppliers.head", 6, "6家为相关领域头部企业") + "，"
              + F("suppliers.specialized", 18, "18家是新兴领域专精特新企业") + "。"),
    ]
    ar = _ar_head(org, code, dt.date(2026, 1, 19)) + [
        ("h1", "一、孵化情况"),
        ("p", "年内新入驻团队九个，毕业企业四家；" + F("products.adopters", 640, "新产品用户累计640家") + "。"),
        ("h1", "二、运营团队"),
        ("p", F("staff.operating", 36, "运营人数36人") + "，其中技术经理人十一名。"),
    ]
    return sub("sub-0019", R, org=org, code=code, app_date=d, level="provincial",
               variant="incubation",
               purpose="compliant functional (产业孵化)/provincial; annual report is a GBK .txt",
               docs=[
                   doc("申报书.docx", "docx", "application", app, created=at(days(d, -17)),
                       modified=at(days(d, -2), 10, 20), author="张雨辰"),
                   doc("2025年度运营情况报告.txt", "txt", "annual_report", ar, created=None,
                       modified=None, author=None, encoding="gbk", year=2025),
               ])


SUBMISSIONS = [sub_0015, sub_0016, sub_0017, sub_0018, sub_0019]
