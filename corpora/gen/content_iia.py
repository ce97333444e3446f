"""工业互联网产业联盟实验室 (iia-lab, sub-0008 … sub-0010) and 实训基地
(iia-training-base, sub-0011 … sub-0014) applicants."""

from __future__ import annotations

import datetime as dt

from common import (F, N, at, cn_date, cover, days, doc, finding, make_credit_code,
                    make_id_number, sub)
from ids import age_on

LAB = "iia-lab"
ITB = "iia-training-base"
ISSUER = "工业互联网产业联盟　制"


def _director(role, name, sex, birth, id_number, app_date, months, title, *,
              stated_birth=None, stated_age=None):
    """The director row group of the form; stated_* override what the ID number implies."""
    sb = stated_birth or birth
    age = stated_age if stated_age is not None else age_on(birth, app_date)
    rows = [
        [f"{role}姓名", F("director.name", name, name)],
        ["性别", sex],
        ["出生年月", F("director.birth_date", sb.replace(day=1).isoformat()[:7],
                       f"{sb.year}年{sb.month}月")],
        ["年龄", F("director.age", age, f"{age}岁")],
        ["职称／职务", title],
    ]
    if id_number:
        # GB 11643: the 17th digit is odd for men, even for women; keep that consistent
        assert (int(id_number[16]) % 2 == 1) == (sex == "男"), id_number
        # digits 7-14 of a 身份证号 are a birth date (metrics.tsv director.birth_date)
        rows.append(["身份证号", F("director.birth_date", birth.isoformat(), id_number)])
    rows.append([f"每年在{role[:-2]}工作时间",
                 F("director.months_per_year", months, f"{months}个月")])
    return rows


def sub_0008():
    org = "闽东理工大学"
    code = make_credit_code("1", "2", "350900", "48870265")
    d = dt.date(2026, 3, 11)
    name = f"工业互联网产业联盟边缘智能实验室（{org}）"
    birth = dt.date(1972, 10, 5)
    idn = make_id_number("350902", birth, "031")
    app = cover("工业互联网产业联盟实验室申请书", [
        f"实验室名称：{name}",
        F("org.name", org, f"依托单位：{org}"),
        F("org.credit_code", code, f"统一社会信用代码：{code}"),
        F("application.date", d.isoformat(), f"申报日期：{cn_date(d)}"),
    ], ISSUER) + [
        ("h1", "一、依托单位情况"),
        ("kv", [
            ["单位名称", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["单位类型", F("org.kind", "高等学校", "高等学校")],
            ["法人资格", F("org.legal_entity", True, "具有独立法人资格")],
        ]),
        ("h1", "二、实验室主任"),
        ("kv", _director("实验室主任", "陈嘉澍", "男", birth, idn, d, 8, "教授／信息工程学院院长")),
        ("h1", "三、研究队伍"),
        ("p", "实验室以学校工业互联网研究院为主体组建，研究方向为边缘计算节点的实时调度、"
              "轻量化工业视觉推理和云边协同运维。第七条（五）" + N("staff.masters", "要求高等学校类依托单位应有与实验室研究方向相关的硕士、博士等研究人员")
              + "，本实验室固定研究人员情况见下表。"),
        ("table", "表1 人员情况表", ["类别", "人数"], [
            ["博士", F("staff.phd", 21, "21")],
            ["硕士", F("staff.masters", 36, "36")],
            ["本科及以下", "9"],
            ["合计", F("staff.total", 66, "66")],
        ]),
        ("h1", "四、研究基础"),
        ("p", "实验室建有面向船舶制造和电机行业的边缘计算测试床两套，"
              + F("facility.area_m2", 1200, "实验场地面积1200平方米")
              + "，与联盟边缘计算特设组联合形成白皮书两部。"),
    ]
    ar = [
        ("title", "工业互联网产业联盟边缘智能实验室2025年度工作报告"),
        ("center", F("report.year", 2025, "（2025年度）")),
        ("center", F("org.name", org, f"依托单位：{org}")),
        ("center", "报送日期：2026年1月16日"),
        ("h1", "一、年度工作"),
        ("p", "实验室主任陈嘉澍全年在实验室工作约九个月，主持完成边缘节点调度算法在两家"
              "船厂的部署验证，发表论文十四篇。"),
        ("h1", "二、队伍"),
        ("p", "年末固定研究人员" + F("staff.total", 66, "共66人") + "，其中"
              + F("staff.phd", 21, "博士21人") + "，" + F("staff.masters", 36, "硕士36人") + "。"),
    ]
    return sub("sub-0008", LAB, org=org, code=code, app_date=d,
               purpose="compliant university lab (第七条(五) researchers present); director's 身份证号 "
                       "consistent with the stated birth; annual report is UTF-16LE with BOM",
               docs=[
                   doc("申请书.docx", "docx", "application", app, created=at(days(d, -14)),
                       modified=at(days(d, -1), 21, 10), author="陈嘉澍"),
                   doc("2025年度工作报告.txt", "txt", "annual_report", ar, created=None,
                       modified=None, author=None, encoding="utf-16", year=2025),
               ],
               identifiers={"director": {"name": "陈嘉澍", "id_number": idn,
                                         "birth_date": birth.isoformat(), "id_valid": True}})


def sub_0009():
    org = "岳川数智科技股份有限公司"
    code = make_credit_code("9", "1", "330100", "MA27Q4FD")
    d = dt.date(2026, 3, 23)
    name = f"工业互联网产业联盟工业数据空间实验室（{org}）"
    birth = dt.date(1962, 5, 18)
    idn = make_id_number("330106", birth, "017")
    app = cover("工业互联网产业联盟实验室申请书", [
        f"实验室名称：{name}",
        F("org.name", org, f"依托单位：{org}"),
        F("org.credit_code", code, f"统一社会信用代码：{code}"),
        F("application.date", d.isoformat(), f"申报日期：{cn_date(d)}"),
    ], ISSUER) + [
        ("h1", "一、依托单位情况"),
        ("kv", [
            ["单位名称", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["单位类型", F("org.kind", "企业", "企业")],
            ["法人资格", F("org.legal_entity", True, "具有独立法人资格")],
        ]),
        ("h1", "二、实验室主任"),
        ("kv", _director("实验室主任", "周敬言", "男", birth, idn, d, 4, "正高级工程师／首席科学家")),
        ("p", "周敬言同志长期从事工业数据治理与可信流通研究，主持制定数据空间连接器团体标准，"
              "虽年龄超过第十四条所述一般要求，但公司认为其组织能力和行业影响力不可替代，"
              "特推荐其担任实验室主任。"),
        ("h1", "三、研究方向与基础"),
        ("p", "实验室聚焦工业数据空间的身份认证、使用控制和数据资产计量，已在纺织、汽配两个"
              "行业建成数据空间试点，接入企业一百二十余家。公司"
              + F("staff.total", 410, "员工人数410人") + "，其中研发人员占六成。"),
    ]
    return sub("sub-0009", LAB, org=org, code=code, app_date=d,
               purpose="director aged 63 > 60 (第十四条 一般, soft → review); ID number consistent; "
                       "PDF application only, no annual report",
               docs=[doc("申请书.pdf", "pdf", "application", app, created=at(days(d, -9)),
                         modified=at(days(d, -2), 15), author="周敬言")],
               findings=[finding("iia-lab.director-age", "threshold_unmet", "warn", "director.age",
                                 "实验室主任年龄 63 岁，超过 第十四条 一般不超过 60 周岁 的要求",
                                 [("申请书.pdf", "63岁")], regime=LAB, article="第十四条")],
               identifiers={"director": {"name": "周敬言", "id_number": idn,
                                         "birth_date": birth.isoformat(), "id_valid": True}})


def sub_0010():
    org = "东澜智能制造研究院有限公司"
    code = make_credit_code("9", "1", "310115", "MA1G8R5C")
    d = dt.date(2026, 3, 19)
    name = f"工业互联网产业联盟标识解析实验室（{org}）"
    true_birth = dt.date(1968, 4, 12)
    idn = make_id_number("310115", true_birth, "053")
    stated = dt.date(1975, 4, 1)
    app = cover("工业互联网产业联盟实验室申请书", [
        f"实验室名称：{name}",
        F("org.name", org, f"依托单位：{org}"),
        F("org.credit_code", code, f"统一社会信用代码：{code}"),
        F("application.date", d.isoformat(), f"申报日期：{cn_date(d)}"),
    ], ISSUER) + [
        ("h1", "一、依托单位情况"),
        ("kv", [
            ["单位名称", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["单位类型", F("org.kind", "科研院所", "科研院所")],
            ["法人资格", F("org.legal_entity", True, "具有独立法人资格")],
        ]),
        ("h1", "二、实验室主任"),
        ("kv", _director("实验室主任", "吴泊远", "男", true_birth, idn, d, 6,
                         "研究员／副院长", stated_birth=stated, stated_age=50)),
        ("h1", "三、研究方向"),
        ("p", "实验室围绕工业互联网标识解析二级节点的高并发解析、标识数据主动标识载体和跨节点"
              "数据互认开展研究，牵头编写联盟《标识解析二级节点运营指南》。研究院"
              + F("staff.total", 157, "在职人员157人") + "。"),
    ]
    ar = [
        ("title", "东澜智能制造研究院实验室2025年度工作报告"),
        ("kv", [
            ["依托单位", F("org.name", org, org)],
            ["报告年度", F("report.year", 2025, "2025年")],
            ["报送日期", "2026年2月2日"],
        ]),
        ("h1", "一、年度进展"),
        ("p", "完成标识解析压力测试平台二期建设，支撑长三角地区十二个二级节点完成性能评测。"),
        ("pagebreak",),
        ("h1", "二、人员"),
        ("p", "年末研究院" + F("staff.total", 157, "在职人员157人") + "，实验室固定人员四十二人。"),
    ]
    return sub("sub-0010", LAB, org=org, code=code, app_date=d,
               purpose="director's 身份证号 (valid check character) gives birth 1968-04-12, age 57, "
                       "contradicting the stated 1975年4月 / 50岁",
               docs=[
                   doc("申请书.docx", "docx", "application", app, created=at(days(d, -11)),
                       modified=at(days(d, -1), 11, 45), author="吴泊远"),
                   doc("2025年度工作报告.pdf", "pdf", "annual_report", ar,
                       created=at(dt.date(2026, 2, 1), 10), modified=at(dt.date(2026, 2, 1), 12),
                       author="吴泊远", year=2025),
               ],
               findings=[finding("integrity.invalid_identifier", "invalid_identifier", "fail",
                                 "director.birth_date",
                                 "身份证号所载出生日期 1968-04-12（57 岁）与填报的 1975年4月、50岁 不符",
                                 [("申请书.docx", idn), ("申请书.docx", "1975年4月"),
                                  ("申请书.docx", "50岁")])],
               identifiers={"director": {"name": "吴泊远", "id_number": idn,
                                         "birth_date": true_birth.isoformat(), "id_valid": True,
                                         "stated_birth": "1975-04", "stated_age": 50}})


# ------------------------------------------------------------------ training bases

QC_ORG = "青岑工业职业技术学院"
QC_CODE = make_credit_code("1", "2", "430100", "43921876")


def _itb_cover(name, org, code, d, date_text, direction):
    return cover("工业互联网产业联盟实训基地申请书", [
        f"实训基地名称：{name}",
        F("org.name", org, f"责任单位：{org}"),
        f"实训方向：{direction}",
        F("org.credit_code", code, f"统一社会信用代码：{code}"),
        F("application.date", d.isoformat(), f"申报日期：{date_text}"),
    ], ISSUER)


def _itb_unit(org, code, kind, contact, site):
    return [
        ("h1", "一、责任单位情况"),
        ("kv", [
            ["单位名称", F("org.name", org, org)],
            ["联系人", contact],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["实训场地", site],
            ["单位类型", F("org.kind", kind, kind)],
            ["法人资格", F("org.legal_entity", True, "具有独立法人资格")],
        ]),
    ]


def sub_0011():
    d = dt.date(2026, 3, 6)
    name = f"工业互联网产业联盟智能产线运维实训基地（{QC_ORG}）"
    birth = dt.date(1978, 9, 3)
    app = _itb_cover(name, QC_ORG, QC_CODE, d, cn_date(d), "智能产线运维") + _itb_unit(
        QC_ORG, QC_CODE, "职业院校", "刘沐阳 0731-8420xxxx", "智能制造实训中心一层、二层") + [
        ("h1", "二、实训基地主任"),
        ("kv", _director("实训基地主任", "刘沐阳", "男", birth, None, d, 7, "副教授／智能制造学院副院长")),
        ("h1", "三、实训条件"),
        ("p", "基地依托学院智能制造实训中心建设，配置柔性装配产线一条、工业网关与PLC实训台"
              "二十四套，" + F("training.capacity", 48, "可满足48位学员同时动手操作")
              + "；" + F("facility.area_m2", 1650, "实训场地面积1650平方米") + "。"),
        ("p", "实训方向对应《工业互联网产业人才岗位能力要求》中的设备运维与数据采集岗位，"
              "年均面向在校生和企业职工开展产线运维实训。"),
    ]
    ar = [
        ("title", "青岑工业职业技术学院2025年度实训工作报告"),
        ("kv", [
            ["责任单位", F("org.name", QC_ORG, QC_ORG)],
            ["统一社会信用代码", F("org.credit_code", QC_CODE, QC_CODE)],
            ["报告年度", F("report.year", 2025, "2025年度")],
        ]),
        ("p", "2025年学院共开展工业互联网相关实训三十二期，服务学员一千四百余人次，"
              "新增边缘网关实训台八套。"),
    ]
    return sub("sub-0011", ITB, org=QC_ORG, code=QC_CODE, app_date=d,
               purpose="first of two training bases from the same responsible unit in one cycle "
                       "(实训基地 第八条) → eligibility",
               docs=[
                   doc("申请书.docx", "docx", "application", app, created=at(days(d, -10)),
                       modified=at(days(d, -1), 16), author="刘沐阳"),
                   doc("2025年度实训工作报告.docx", "docx", "annual_report", ar,
                       created=at(dt.date(2026, 1, 12)), modified=at(dt.date(2026, 1, 14), 10),
                       author="刘沐阳", year=2025),
               ],
               findings=[_one_per_cycle("sub-0011")])


def sub_0012():
    d = dt.date(2026, 3, 13)
    name = f"工业互联网产业联盟工业网络安全实训基地（{QC_ORG}）"
    birth = dt.date(1981, 12, 20)
    app = _itb_cover(name, QC_ORG, QC_CODE, d, "2026-03-13", "工业网络安全") + _itb_unit(
        QC_ORG, QC_CODE, "职业院校", "何静姝（网络安全教研室）", "信息楼五层安全实训室") + [
        ("h1", "二、实训基地主任"),
        ("kv", _director("实训基地主任", "何静姝", "女", birth, None, d, 5, "高级工程师／网络安全教研室主任")),
        ("h1", "三、实训条件"),
        ("p", "基地建有工控安全攻防靶场和安全运维实训室，部署仿真电厂、水厂控制系统各一套，"
              + F("training.capacity", 36, "能够同时容纳36名学员动手操作") + "。"),
        ("p", "实训内容覆盖工控协议分析、漏洞验证与应急响应，并与本地两家电力企业共建实训课程。"),
    ]
    return sub("sub-0012", ITB, org=QC_ORG, code=QC_CODE, app_date=d,
               purpose="second training base of the same unit (same name and credit code as "
                       "sub-0011) → eligibility; PDF application only",
               docs=[doc("申请书.pdf", "pdf", "application", app, created=at(days(d, -6)),
                         modified=at(days(d, -1), 14), author="何静姝")],
               findings=[_one_per_cycle("sub-0012")])


def _one_per_cycle(this):
    ev = [("sub-0011", "申请书.docx", f"统一社会信用代码：{QC_CODE}"),
          ("sub-0012", "申请书.pdf", f"统一社会信用代码：{QC_CODE}")]
    return finding("itb.one-per-cycle", "eligibility", "fail", "org.credit_code",
                   f"责任单位 {QC_ORG} 在同一评估周期内申请了两个实训基地（sub-0011、sub-0012），"
                   "违反 第八条", ev, regime=ITB, article="第八条")


def sub_0013():
    org = "鹭岛数联科技有限公司"
    code = make_credit_code("9", "1", "350200", "MA31H6KB")
    d = dt.date(2026, 3, 17)
    name = f"工业互联网产业联盟平台应用实训基地（{org}）"
    birth = dt.date(1980, 7, 22)
    idn = make_id_number("350203", birth, "046")
    app = _itb_cover(name, org, code, d, cn_date(d), "工业互联网平台应用") + _itb_unit(
        org, code, "企业", "苏念桥 0592-5710xxxx", "软件园三期数联大厦六层") + [
        ("h1", "二、实训基地主任"),
        ("kv", _director("实训基地主任", "苏念桥", "女", birth, idn, d, 6, "高级工程师／培训事业部总经理")),
        ("h1", "三、实训条件"),
        ("p", "公司自研的工业互联网平台已服务电子信息、食品加工企业三百余家，实训基地以平台"
              "低代码开发、设备接入和工业APP运维为主线，" + F("training.capacity", 60, "可满足60位学员同时动手操作")
              + "，配套云端沙箱环境一百二十个。"),
        ("h1", "四、团队"),
        ("p", "基地" + F("staff.total", 27, "专兼职实训指导人员27人") + "，均具有三年以上平台项目实施经验。"),
    ]
    ar = [
        ("title", "鹭岛数联平台应用实训基地2025年度实训工作报告"),
        ("center", F("report.year", 2025, "（2025年度）")),
        ("center", F("org.name", org, f"责任单位：{org}")),
        ("h1", "一、实训开展情况"),
        ("p", "全年举办平台应用工程师实训十九期，学员考核通过率百分之九十一；"
              + F("training.capacity", 60, "实训环境可供60人同时上机") + "。"),
        ("h1", "二、队伍建设"),
        ("p", "年末" + F("staff.total", 27, "实训指导人员27人") + "，新编实训手册三册。"),
    ]
    return sub("sub-0013", ITB, org=org, code=code, app_date=d,
               purpose="compliant training base (enterprise), valid director ID, PDF annual report",
               docs=[
                   doc("申请书.docx", "docx", "application", app, created=at(days(d, -16)),
                       modified=at(days(d, -2), 19), author="苏念桥"),
                   doc("2025年度实训工作报告.pdf", "pdf", "annual_report", ar,
                       created=at(dt.date(2026, 1, 20), 9), modified=at(dt.date(2026, 1, 20), 10),
                       author="苏念桥", year=2025),
               ],
               identifiers={"director": {"name": "苏念桥", "id_number": idn,
                                         "birth_date": birth.isoformat(), "id_valid": True}})


def sub_0014():
    org = "泉澄自动化技术有限公司"
    code = make_credit_code("9", "1", "350500", "MA8P2W4X")
    d = dt.date(2026, 3, 16)
    name = f"工业互联网产业联盟工业机器人与边缘控制实训基地（{org}）"
    birth = dt.date(1976, 2, 14)
    app = _itb_cover(name, org, code, d, cn_date(d), "工业机器人与边缘控制") + _itb_unit(
        org, code, "企业", "叶承泽 0595-2268xxxx", "泉澄智造园实训楼") + [
        ("h1", "二、实训基地主任"),
        ("kv", _director("实训基地主任", "叶承泽", "男", birth, None, d, 4, "工程师／技术总监")),
        ("h1", "三、实训条件"),
        ("p", "基地面向鞋服、建材企业的自动化改造需求，配置六轴机器人工作站八台、边缘控制器"
              "实训箱三十套，" + F("training.capacity", 32, "可满足32位学员同时动手操作") + "。"),
    ]
    return sub("sub-0014", ITB, org=org, code=code, app_date=d,
               purpose="DOCX last modified 2026-04-02, after the 申报日期 2026-03-16 on its cover "
                       "(metadata_anomaly); no annual report",
               docs=[doc("申请书.docx", "docx", "application", app, created=at(days(d, -14)),
                         modified=at(dt.date(2026, 4, 2), 10, 15), author="叶承泽",
                         last_modified_by="叶承泽")],
               findings=[finding("integrity.metadata_anomaly", "metadata_anomaly", "warn",
                                 "application.date",
                                 "文档最后修改时间 2026-04-02 晚于封面申报日期 2026-03-16",
                                 [("申请书.docx", "申报日期：2026年3月16日")])])


SUBMISSIONS = [sub_0008, sub_0009, sub_0010, sub_0011, sub_0012, sub_0013, sub_0014]
