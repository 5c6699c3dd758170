"""The standard call scripts every tenant has (the core plugin declares them): telephone manners
of 003 篇2 §六-七, the follow-up call of 003 篇6 and the first words on site of 000."""

from __future__ import annotations

from core.scripts.types import ScriptTemplate

_WISH = '{{ wish | default("工作愉快") }}'
_WISH_EN = '{{ wish | default("a good day") }}'


def _script(name: str, purpose: str, title: tuple[str, str], zh_hans: str, en: str) -> ScriptTemplate:
    """The core's script ``core.<name>``: its title (Chinese, English), then its text in each."""
    return ScriptTemplate(
        id=f"core.{name}", purpose=purpose, title={"zh_Hans": title[0], "en": title[1]},
        texts={"zh_Hans": zh_hans, "en": en},
    )


STANDARD_SCRIPTS: tuple[ScriptTemplate, ...] = (
    _script(
        "greeting", "greeting", ("电话招呼语", "Phone greeting"),
        "您好，{{ tenant.name }}，{{ agent.employee_no }}号为您服务",
        "Hello, {{ tenant.name }}, agent {{ agent.employee_no }} at your service",
    ),
    _script(
        "silent_line", "silent_line", ("无声电话", "Silent line"),
        "您好！{{ tenant.name }}为您服务，请问有什么可以帮到您？\n"
        "（无回答，再重复两次：您好！……稍停）\n"
        "对不起，您的电话没有声音，请您换一个电话再打过来，再见！",
        "Hello! {{ tenant.name }} at your service, how may I help you?\n"
        "(No answer: repeat twice, pausing: Hello! …)\n"
        "I am sorry, there is no sound on your line. Please call us again from another phone. Goodbye!",
    ),
    _script(
        "noisy_line", "noisy_line", ("电话杂音较大", "Noisy line"),
        '对不起，{{ customer.title | default("先生/女士") }}，您的电话听不清楚，请您大点声，好吗？\n'
        "（坚持10秒，等待电话转清；若超过10秒仍不清晰）\n"
        '对不起，{{ customer.title | default("先生/女士") }}，您的电话听不清楚，请您换个电话再打过来，再见！',
        "Sorry, {{ customer.title | default(\"Sir/Madam\") }}, the line is not clear. "
        "Could you speak a little louder, please?\n"
        "(Wait 10 seconds for the line to clear; if it is still unclear:)\n"
        "Sorry, {{ customer.title | default(\"Sir/Madam\") }}, your line is not clear. "
        "Please call us again from another phone. Goodbye!",
    ),
    _script(
        "closing", "closing", ("结束语", "Closing"),
        "感谢您的来电，再见！",
        "Thank you for calling. Goodbye!",
    ),
    _script(
        "closing_reply_pending", "closing", ("结束语（不能马上答复）", "Closing (reply to follow)"),
        "{{ customer.name }}{{ customer.title }}，我们的工作人员会尽快给您回复的，感谢您的来电，再见！",
        "{{ customer.title }} {{ customer.name }}, our staff will get back to you as soon as possible. "
        "Thank you for calling. Goodbye!",
    ),
    _script(
        "revisit_opening_satisfied", "revisit", ("回访开始语（满意）", "Revisit opening (satisfied)"),
        "您好，我是{{ tenant.name }}的客服代表，请问您是{{ customer.name }}{{ customer.title }}吗？打扰您了。\n"
        "您对我们的服务有什么建议吗？",
        "Hello, this is {{ tenant.name }} customer service. Am I speaking with "
        "{{ customer.title }} {{ customer.name }}? Sorry to disturb you.\n"
        "Do you have any suggestions about our service?",
    ),
    _script(
        "revisit_opening_unsatisfied", "revisit", ("回访开始语（不满意/一般）", "Revisit opening (unsatisfied or neutral)"),
        "您好，我是{{ tenant.name }}的客服代表，请问您是{{ customer.name }}{{ customer.title }}吗？打扰您了。\n"
        "能否告诉我您对哪方面不满意吗？我们应改进哪方面的工作？",
        "Hello, this is {{ tenant.name }} customer service. Am I speaking with "
        "{{ customer.title }} {{ customer.name }}? Sorry to disturb you.\n"
        "Could you tell me what you were not satisfied with? What should we improve?",
    ),
    _script(
        "revisit_closing_satisfied", "revisit", ("回访结束语（满意）", "Revisit closing (satisfied)"),
        f"感谢您的答复，您如果需要什么帮助，可随时跟我们取得联系，祝您{_WISH}，再见！",
        f"Thank you for your answers. If you need any help, contact us at any time. Have {_WISH_EN}, goodbye!",
    ),
    _script(
        "revisit_closing_unsatisfied", "revisit", ("回访结束语（不满意/一般）", "Revisit closing (unsatisfied or neutral)"),
        "非常谢谢您的反映，这一点我们的确做得不够，我们很快就会有改进，希望您监督，"
        f"祝您{_WISH}，再见！",
        "Thank you very much for telling us. We really did not do well enough there; we will improve soon, "
        f"and we hope you will keep an eye on us. Have {_WISH_EN}, goodbye!",
    ),
    _script(
        "follow_up", "follow_up", ("跟进结果回访", "Follow-up call"),
        "您好！请问您是{{ customer.name }}{{ customer.title }}吗？"
        "这里是{{ tenant.name }}客服部，我的工号是{{ agent.employee_no }}，请问此刻方便接听吗？\n"
        "您曾在{{ call_date }}致电我们反映了{{ ticket.subject }}的情况，关于这个问题我们已经有了跟进结果：{{ result }}。\n"
        "请问您对这个问题是否已经清楚了？您是否满意我们的答复？",
        "Hello! Am I speaking with {{ customer.title }} {{ customer.name }}? "
        "This is {{ tenant.name }} customer service, my agent number is {{ agent.employee_no }}. "
        "Is this a good moment to talk?\n"
        "On {{ call_date }} you called us about {{ ticket.subject }}. We now have a result on this: {{ result }}.\n"
        "Is everything clear now? Are you satisfied with our answer?",
    ),
    _script(
        "follow_up_closing_agreed", "follow_up", ("跟进结束语（认可方案）", "Follow-up closing (solution accepted)"),
        "欢迎随时致电客服部，我的工号是{{ agent.employee_no }}，再见！",
        "You are welcome to call customer service at any time; my agent number is "
        "{{ agent.employee_no }}. Goodbye!",
    ),
    _script(
        "follow_up_closing_disagreed", "follow_up", ("跟进结束语（仍有意见）", "Follow-up closing (still disagrees)"),
        "我们将尽快跟进反映您的问题，尽早协调解决方案，将在第一时间告知您，再见！",
        "We will follow up on your concern quickly, work out a solution as soon as possible "
        "and let you know right away. Goodbye!",
    ),
    _script(
        "on_site", "on_site", ("到达现场自我介绍", "First words on site"),
        "您好，我是{{ tenant.name }}售后服务人员{{ agent.name }}。",
        "Hello, I am {{ agent.name }}, after-sales service technician of {{ tenant.name }}.",
    ),
    _script(
        "event_notice", "notice", ("活动通知（提前两周）", "Event notice (two weeks ahead)"),
        "您好，{{ customer.name }}{{ customer.title | default('') }}，我是{{ tenant.name }}的客服，"
        "工号{{ agent.employee_no }}。我们近期将举办客户活动，届时有优惠服务，诚挚邀请您参加。"
        "详细的通知函我们会在两日内寄给您。感谢您的支持，再见！",
        "Hello {{ customer.title | default('') }} {{ customer.name }}, this is customer service of "
        "{{ tenant.name }}, agent number {{ agent.employee_no }}. We are holding a customer event soon, with "
        "service discounts, and warmly invite you. We will post the invitation letter to you within two "
        "days. Thank you for your support, goodbye!",
    ),
)
