"""国家质量标准实验室 (quality-standards-lab) applicants: sub-0006, sub-0007."""

from __future__ import annotations

import datetime as dt

from common import F, N, at, cn_date, cover, days, doc, finding, make_credit_code, sub

TITLE = "国家质量标准实验室申报书"
ISSUER = "国家市场监督管理总局　工业和信息化部　制"
R = "quality-standards-lab"


def sub_0006():
    org = "津渤精密传动研究院"
    code = make_credit_code("1", "2", "120116", "40571983")
    d = dt.date(2026, 3, 16)
    lab = "精密减速器国家质量标准实验室"
    app = cover(TITLE, [
        f"实验室名称：{lab}",
        F("org.name", org, f"依托单位：{org}"),
        F("org.credit_code", code, f"统一社会信用代码：{code}"),
        "推荐单位：天津市市场监督管理委员会、天津市工业和信息化局",
        F("application.date", d.isoformat(), f"申报日期：{cn_date(d)}"),
    ], ISSUER) + [
        ("h1", "一、依托单位概况"),
        ("kv", [
            ["单位名称", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["单位类型", F("org.kind", "科研院所", "科研院所")],
            ["成立时间", F("org.founded", "2003-04-08", "2003年4月8日")],
            ["法人资格", F("org.legal_entity", True, "事业单位法人")],
            ["实验室主任", F("director.name", "郑沛然", "郑沛然")],
        ]),
        ("p", "研究院是国内较早从事机器人关节减速器和精密行星传动质量研究的公益类科研机构，"
              "建有天津市精密传动质量重点实验室，该省部级实验室"
              + F("operation.years", 6, "已运行6年") + "，年度考核连续为优秀。"),
        ("h1", "二、设施条件"),
        ("p", "第十二条（一）" + N("facility.area_m2", "要求科研用房原则上面积在3000平方米以上")
              + "。本实验室现有" + F("facility.area_m2", 3200, "科研用房面积3200平方米")
              + "，集中位于研究院滨海园区二号楼；" + F("equipment.current_value", 52000000, "仪器设备现值5,200万元")
              + "，" + F("equipment.original_value", 86000000, "原值8,600万元")
              + "，其中齿轮测量中心、传动误差综合检测仪等测量精度达到国内先进水平。"),
        ("h1", "三、研究团队"),
        ("p", "实验室" + F("staff.total", 142, "在职人员142人") + "，由学术委员会指导研究方向，"
              "骨干人员相对固定，年龄结构合理。"),
        ("table", "表1 人员情况表", ["类别", "人数"], [
            ["博士", F("staff.phd", 38, "38")],
            ["硕士", F("staff.masters", 61, "61")],
            ["本科及以下", "43"],
            ["合计", F("staff.total", 142, "142")],
        ]),
        ("h1", "四、研究能力"),
        ("p", F("projects.national_5y", 18, "近5年承担相关领域国家级科研项目18项")
              + "，" + F("projects.national_amount_5y", 46500000, "项目总金额4,650万元")
              + "，覆盖减速器寿命评价、回差稳定性和振动噪声溯源等方向。"),
        ("h1", "五、科研成果"),
        ("p", "实验室" + F("standards.led_3y", 7, "近3年主导制（修）订国家标准、行业标准7项")
              + "，" + F("achievements.transferred_3y", 19, "近3年累计转化科技成果19项")
              + "，" + F("services.quality_amount_3y", 38600000, "提供质量技术服务金额3,860万元")
              + "；建成覆盖十二万组传动误差曲线的减速器质量数据库，为行业主管部门提供决策参考。"),
        ("h1", "六、建设计划"),
        ("p", "建设期限2年，第一年完成精密传动可靠性加速试验平台，第二年完成数据库开放共享"
              "并提出验收申请。"),
    ]
    ar = [
        ("title", "天津市精密传动质量重点实验室2025年度运行报告"),
        ("center", F("report.year", 2025, "报告年度：2025年")),
        ("center", F("org.name", org, f"依托单位：{org}")),
        ("center", "报送日期：2026年1月30日"),
        ("pagebreak",),
        ("h1", "一、运行概况"),
        ("p", "2025年实验室围绕谐波减速器柔轮疲劳机理开展攻关，新增测量能力九项。年末"
              + F("facility.area_m2", 3200, "科研用房3,200㎡") + "，"
              + F("equipment.current_value", 52000000, "仪器设备现值0.52亿元") + "。"),
        ("h1", "二、队伍建设"),
        ("p", "新引进博士四名，年末" + F("staff.total", 142, "在职人员142人") + "。"),
        ("h1", "三、开放与服务"),
        ("p", "设立开放课题六项，接待国内外访问学者十一人次，为中小企业提供公益性质量诊断四十余次。"),
    ]
    return sub("sub-0006", R, org=org, code=code, app_date=d,
               purpose="compliant lab (事业单位 credit code 12…); quotes 第十二条(一) area requirement; "
                       "亿元 and ㎡ in the PDF annual report",
               docs=[
                   doc("申报书.docx", "docx", "application", app, created=at(days(d, -25)),
                       modified=at(days(d, -2), 16, 20), author="郑沛然",
                       last_modified_by="韩予安"),
                   doc("2025年度运行报告.pdf", "pdf", "annual_report", ar,
                       created=at(dt.date(2026, 1, 29), 10), modified=at(dt.date(2026, 1, 29), 11),
                       author="韩予安", year=2025),
               ],
               identifiers={"director": {"name": "郑沛然"}})


def sub_0007():
    org = "江汉智能网联汽车检测研究院有限公司"
    code = make_credit_code("9", "1", "420100", "MA49X7HU")
    d = dt.date(2026, 3, 23)
    lab = "智能网联汽车电子国家质量标准实验室"
    app = cover(TITLE, [
        f"实验室名称：{lab}",
        F("org.name", org, f"依托单位：{org}"),
        F("org.credit_code", code, f"统一社会信用代码：{code}"),
        "推荐单位：湖北省市场监督管理局、湖北省经济和信息化厅",
        F("application.date", d.isoformat(), f"申报日期：{cn_date(d)}"),
    ], ISSUER) + [
        ("h1", "一、依托单位概况"),
        ("kv", [
            ["单位名称", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["单位类型", F("org.kind", "企业", "企业")],
            ["成立时间", F("org.founded", "2015-07-01", "2015年7月1日")],
            ["法人资格", F("org.legal_entity", True, "具有独立法人资格")],
        ]),
        ("p", "研究院由整车企业与高校联合组建，主要开展车载电子电气架构、域控制器和车规级"
              "传感器的质量检测。其湖北省车载电子质量检测重点实验室" + F("operation.years", 3, "已运行3年") + "。"),
        ("h1", "二、设施条件"),
        ("p", "实验室位于沌口研发基地，" + F("facility.area_m2", 2800, "实验场地面积2,800㎡")
              + "，" + F("equipment.current_value", 48000000, "仪器设备现值4,800万元")
              + "，建有整车级电波暗室、硬件在环测试台架和车规芯片可靠性试验线。"),
        ("h1", "三、研究能力"),
        ("p", F("projects.national_5y", 21, "近5年承担国家级科研项目21项") + "，"
              + F("projects.national_amount_5y", 31000000, "项目总金额3,100万元") + "。"),
        ("h1", "四、科研成果"),
        ("p", F("standards.led_3y", 8, "近3年主导制（修）订国家标准、行业标准8项") + "，"
              + F("achievements.transferred_3y", 23, "近3年累计转化科技成果23项")
              + "，形成自动驾驶功能安全测试场景库一套。"),
    ]
    ar = [
        ("title", "湖北省车载电子质量检测重点实验室2025年度运行报告"),
        ("kv", [
            ["依托单位", F("org.name", org, org)],
            ["统一社会信用代码", F("org.credit_code", code, code)],
            ["报告年度", F("report.year", 2025, "2025")],
            ["报送日期", "2026年2月6日"],
        ]),
        ("h1", "一、条件建设"),
        ("p", "年内完成毫米波雷达目标模拟器采购，" + F("facility.area_m2", 2800, "实验场地面积2800平方米")
              + "保持不变，" + F("equipment.current_value", 48000000, "仪器设备现值4800万元") + "。"),
        ("h1", "二、年度成果"),
        ("p", "发布团体标准两项，完成车规级激光雷达可靠性比对试验一次。"),
    ]
    return sub("sub-0007", R, org=org, code=code, app_date=d,
               purpose="equipment current value 4,800万元 < 5,000万元 (第十二条(一), hard) and area "
                       "2,800㎡ < 3,000 (原则上, soft); application is a UTF-8 .txt",
               docs=[
                   doc("申报书.txt", "txt", "application", app, created=None, modified=None,
                       author=None, encoding="utf-8"),
                   doc("2025年度运行报告.docx", "docx", "annual_report", ar,
                       created=at(dt.date(2026, 2, 3)), modified=at(dt.date(2026, 2, 5), 17),
                       author="蔡明哲", year=2025),
               ],
               findings=[
                   finding("qsl.equipment", "threshold_unmet", "fail", "equipment.current_value",
                           "仪器设备现值 4,800万元，低于 第十二条(一) 要求的 5,000万元",
                           [("申报书.txt", "仪器设备现值4,800万元")], regime=R, article="第十二条(一)"),
                   finding("qsl.area", "threshold_unmet", "warn", "facility.area_m2",
                           "科研用房面积 2,800平方米，低于 第十二条(一) 原则上 3,000平方米 的要求",
                           [("申报书.txt", "实验场地面积2,800㎡")], regime=R, article="第十二条(一)"),
               ])


SUBMISSIONS = [sub_0006, sub_0007]
