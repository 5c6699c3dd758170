"""The standard call scripts every tenant has (the core plugin declares them): telephone manners
of 003 篇2 §六-七, the follow-up call of 003 篇6 and the first words on site of 000."""

from __future__ import annotations

from core.scripts.types import ScriptTemplate

_WISH = '{{ wish | default("工作愉快") }}'
_WISH_EN = '{{ wish | default("a good day") }}'

STANDARD_SCRIPTS: tuple[ScriptTemplate, ...] = (
    ScriptTemplate(
        id="core.greeting",
        purpose="greeting",
        title={"zh_Hans": "电话招呼语", "en": "Phone greeting"},
        texts={
            "zh_Hans": "您好，{{ tenant.name }}，{{ agent.employee_no }}号为您服务",
            "en": "Hello, {{ tenant.name }}, agent {{ agent.employee_no }} at your service",
        },
    ),
    ScriptTemplate(
        id="core.silent_line",
        purpose="silent_line",
        title={"zh_Hans": "无声电话", "en": "Silent line"},
        texts={
            "zh_Hans": "您好！{{ tenant.name }}为您服务，请问有什么可以帮到您？\n"
            "（无回答，再重复两次：您好！……稍停）\n"
            "对不起，您的电话没有声音，请您换一个电话再打过来，再见！",
            "en": "Hello! {{ tenant.name }} at your service, how may I help you?\n"
            "(No answer: repeat twice, pausing: Hello! …)\n"
            "I am sorry, there is no sound on your line. Please call us again from another phone. Goodbye!",
        },
    ),
    ScriptTemplate(
        id="core.noisy_line",
        purpose="noisy_line",
        title={"zh_Hans": "电话杂音较大", "en": "Noisy line"},
        texts={
            "zh_Hans": '对不起，{{ customer.title | default("先生/女士") }}，您的电话听不清楚，请您大点声，好吗？\n'
            "（坚持10秒，等待电话转清；若超过10秒仍不清晰）\n"
            '对不起，{{ customer.title | default("先生/女士") }}，您的电话听不清楚，请您换个电话再打过来，再见！',
            "en": "Sorry, {{ customer.title | default(\"Sir/Madam\") }}, the line is not clear. "
            "Could you speak a little louder, please?\n"
            "(Wait 10 seconds for the line to clear; if it is still unclear:)\n"
            "Sorry, {{ customer.title | default(\"Sir/Madam\") }}, your line is not clear. "
            "Please call us again from another phone. Goodbye!",
        },
    ),
    ScriptTemplate(
        id="core.closing",
        purpose="closing",
        title={"zh_Hans": "结束语", "en": "Closing"},
        texts={"zh_Hans": "感谢您的来电，再见！", "en": "Thank you for calling. Goodbye!"},
    ),
    ScriptTemplate(
        id="core.closing_reply_pending",
        purpose="closing",
        title={"zh_Hans": "结束语（不能马上答复）", "en": "Closing (reply to follow)"},
        texts={
            "zh_Hans": "{{ customer.name }}{{ customer.title }}，我们的工作人员会尽快给您回复的，感谢您的来电，再见！",
            "en": "{{ customer.title }} {{ customer.name }}, our staff will get back to you as soon as possible. "
            "Thank you for calling. Goodbye!",
        },
    ),
    ScriptTemplate(
        id="core.revisit_opening_satisfied",
        purpose="revisit",
        title={"zh_Hans": "回访开始语（满意）", "en": "Revisit opening (satisfied)"},
        texts={
            "zh_Hans": "您好，我是{{ tenant.name }}的客服代表，请问您是{{ customer.name }}{{ customer.title }}吗？打扰您了。\n"
            "您对我们的服务有什么建议吗？",
            "en": "Hello, this is {{ tenant.name }} customer service. Am I speaking with "
            "{{ customer.title }} {{ customer.name }}? Sorry to disturb you.\n"
            "Do you have any suggestions about our service?",
        },
    ),
    ScriptTemplate(
        id="core.revisit_opening_unsatisfied",
        purpose="revisit",
        title={"zh_Hans": "回访开始语（不满意/一般）", "en": "Revisit opening (unsatisfied or neutral)"},
        texts={
            "zh_Hans": "您好，我是{{ tenant.name }}的客服代表，请问您是{{ customer.name }}{{ customer.title }}吗？打扰您了。\n"
            "能否告诉我您对哪方面不满意吗？我们应改进哪方面的工作？",
            "en": "Hello, this is {{ tenant.name }} customer service. Am I speaking with "
            "{{ customer.title }} {{ customer.name }}? Sorry to disturb you.\n"
            "Could you tell me what you were not satisfied with? What should we improve?",
        },
    ),
    ScriptTemplate(
        id="core.revisit_closing_satisfied",
        purpose="revisit",
        title={"zh_Hans": "回访结束语（满意）", "en": "Revisit closing (satisfied)"},
        texts={
            "zh_Hans": f"感谢您的答复，您如果需要什么帮助，可随时跟我们取得联系，祝您{_WISH}，再见！",
            "en": f"Thank you for your answers. If you need any help, contact us at any time. Have {_WISH_EN}, goodbye!",
        },
    ),
    ScriptTemplate(
        id="core.revisit_closing_unsatisfied",
        purpose="revisit",
        title={"zh_Hans": "回访结束语（不满意/一般）", "en": "Revisit closing (unsatisfied or neutral)"},
        texts={
            "zh_Hans": "非常谢谢您的反映，这一点我们的确做得不够，我们很快就会有改进，希望您监督，"
            f"祝您{_WISH}，再见！",
            "en": "Thank you very much for telling us. We really did not do well enough there; we will improve soon, "
            f"and we hope you will keep an eye on us. Have {_WISH_EN}, goodbye!",
        },
    ),
    ScriptTemplate(
        id="core.follow_up",
        purpose="follow_up",
        title={"zh_Hans": "跟进结果回访", "en": "Follow-up call"},
        texts={
            "zh_Hans": "您好！请问您是{{ customer.name }}{{ customer.title }}吗？"
            "这里是{{ tenant.name }}客服部，我的工号是{{ agent.employee_no }}，请问此刻方便接听吗？\n"
            "您曾在{{ call_date }}致电我们反映了{{ ticket.subject }}的情况，关于这个问题我们已经有了跟进结果：{{ result }}。\n"
            "请问您对这个问题是否已经清楚了？您是否满意我们的答复？",
            "en": "Hello! Am I speaking with {{ customer.title }} {{ customer.name }}? "
            "This is {{ tenant.name }} customer service, my agent number is {{ agent.employee_no }}. "
            "Is this a good moment to talk?\n"
            "On {{ call_date }} you called us about {{ ticket.subject }}. We now have a result on this: {{ result }}.\n"
            "Is everything clear now? Are you satisfied with our answer?",
        },
    ),
    ScriptTemplate(
        id="core.follow_up_closing_agreed",
        purpose="follow_up",
        title={"zh_Hans": "跟进结束语（认可方案）", "en": "Follow-up closing (solution accepted)"},
        texts={
            "zh_Hans": "欢迎随时致电客服部，我的工号是{{ agent.employee_no }}，再见！",
            "en": "You are welcome to call customer service at any time; my agent number is "
            "{{ agent.employee_no }}. Goodbye!",
        },
    ),
    ScriptTemplate(
        id="core.follow_up_closing_disagreed",
        purpose="follow_up",
        title={"zh_Hans": "跟进结束语（仍有意见）", "en": "Follow-up closing (still disagrees)"},
        texts={
            "zh_Hans": "我们将尽快跟进反映您的问题，尽早协调解决方案，将在第一时间告知您，再见！",
            "en": "We will follow up on your concern quickly, work out a solution as soon as possible "
            "and let you know right away. Goodbye!",
        },
    ),
    ScriptTemplate(
        id="core.on_site",
        purpose="on_site",
        title={"zh_Hans": "到达现场自我介绍", "en": "First words on site"},
        texts={
            "zh_Hans": "您好，我是{{ tenant.name }}售后服务人员{{ agent.name }}。",
            "en": "Hello, I am {{ agent.name }}, after-sales service technician of {{ tenant.name }}.",
        },
    ),
    ScriptTemplate(
        id="core.event_notice",
        purpose="notice",
        title={"zh_Hans": "活动通知（提前两周）", "en": "Event notice (two weeks ahead)"},
        texts={
            "zh_Hans": "您好，{{ customer.name }}{{ customer.title | default('') }}，我是{{ tenant.name }}的客服，"
            "工号{{ agent.employee_no }}。我们近期将举办客户活动，届时有优惠服务，诚挚邀请您参加。"
            "详细的通知函我们会在两日内寄给您。感谢您的支持，再见！",
            "en": "Hello {{ customer.title | default('') }} {{ customer.name }}, this is customer service of "
            "{{ tenant.name }}, agent number {{ agent.employee_no }}. We are holding a customer event soon, with "
            "service discounts, and warmly invite you. We will post the invitation letter to you within two "
            "days. Thank you for your support, goodbye!",
        },
    ),
)
