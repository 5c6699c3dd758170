"""The columns of the customers', assets' and tickets' CSV/XLSX files, read by the imports and written by
the exports (so an export imports back), with the headers accepted for them in Chinese and English,
and the asset attribute columns (``attributes.<key>`` / ``属性.<key>``)."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import Invalid

#: What a file may import, in the order the upload form offers them.
KINDS = ("customers", "assets", "tickets")


@dataclass(frozen=True)
class Column:
    field: str
    zh: str
    en: str
    required: bool = False
    example: str = ""
    #: Further headers read as this column (what other systems' exports call it).
    aliases: tuple[str, ...] = ()


EXTERNAL_ID = Column("external_id", "外部编号", "external_id", True, "C-0001", ("外部id", "编号"))
CUSTOMER_REF = Column("customer_external_id", "客户外部编号", "customer_external_id", True, "C-0001", ("客户编号",))

COLUMNS: dict[str, tuple[Column, ...]] = {
    "customers": (
        EXTERNAL_ID,
        Column("name", "名称", "name", True, "常州精工机械厂", ("客户名称", "姓名")),
        Column("phone", "电话", "phone", example="13800138000", aliases=("手机", "联系电话")),
        Column("address", "地址", "address", example="江苏省常州市武进区长虹路 88 号"),
        Column("province", "省份", "province", example="江苏"),
        Column("is_member", "会员", "is_member", example="否"),
        Column("is_company", "单位客户", "is_company", example="是", aliases=("企业",)),
        Column("title", "称呼", "title", example="", aliases=("称谓",)),
    ),
    "assets": (
        Column("external_id", "外部编号", "external_id", True, "A-0001", ("外部id", "编号")),
        CUSTOMER_REF,
        Column("type", "类型", "type", True, "lighting.cfl", ("资产类型",)),
        Column("model", "型号", "model", example="CFL-24W"),
        Column("serial", "序列号", "serial", example="SN20260001", aliases=("序号", "sn")),
        Column("purchase_date", "购买日期", "purchase_date", example="2026-03-01"),
        Column("manufacture_date", "生产日期", "manufacture_date"),
        Column("install_date", "安装日期", "install_date"),
    ),
    "tickets": (
        Column("external_id", "外部编号", "external_id", True, "T-0001", ("外部id", "工单编号")),
        CUSTOMER_REF,
        Column("asset_external_id", "资产外部编号", "asset_external_id", example="A-0001"),
        Column("kind", "类型", "kind", True, "repair", ("服务类型",)),
        Column("channel", "渠道", "channel", True, "phone", ("来源",)),
        Column("subject", "主题", "subject", True, "灯管不亮", ("标题",)),
        Column("description", "描述", "description", example="客户来电：两支灯管不亮", aliases=("内容",)),
        Column("priority", "优先级", "priority", example="normal"),
        Column("contact_name", "联系人", "contact_name", example="刘工"),
        Column("contact_phone", "联系电话", "contact_phone", example="13900001111"),
        Column("address", "地址", "address"),
        Column("province", "省份", "province"),
        Column("product_model", "产品型号", "product_model"),
        Column("serial", "序列号", "serial"),
        Column("purchase_date", "购买日期", "purchase_date"),
    ),
}

#: Columns an export adds in front of the import's own (the record's number, status and time in
#: Shouhou); an import reads past them, so an exported list imports back.
EXPORT_ONLY: dict[str, tuple[Column, ...]] = {
    "customers": (),
    "assets": (),
    "tickets": (Column("number", "服务单号", "number"), Column("status", "状态", "status"),
                Column("created_at", "登记时间", "created_at")),
}

#: Headers naming an asset attribute: ``attributes.wattage`` or ``属性.wattage``.
ATTRIBUTE_PREFIXES = ("attributes.", "属性.")

YES = {"是", "y", "yes", "true", "1", "t"}
NO = {"否", "n", "no", "false", "0", "f", ""}


def _key(header: str) -> str:
    return header.strip().rstrip("*").strip().lower()


def map_headers(kind: str, headers: list[str]) -> dict[int, str]:
    """Which field each column of the file holds (``attributes.<key>`` for asset attributes);
    an export's own columns (:data:`EXPORT_ONLY`) are passed over. An unknown, repeated or
    missing required column is refused for the whole file (422 at ``file``, the message naming
    the column)."""
    by_header = {}
    for column in COLUMNS[kind]:
        for name in (column.zh, column.en, *column.aliases):
            by_header[_key(name)] = column.field
    skipped = {_key(name) for column in EXPORT_ONLY[kind] for name in (column.zh, column.en)}
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = _key(header)
        if not key or key in skipped:
            continue
        field = by_header.get(key)
        if field is None and kind == "assets":
            prefix = next((p for p in ATTRIBUTE_PREFIXES if key.startswith(p)), None)
            if prefix and header.strip()[len(prefix):]:
                field = "attributes." + header.strip()[len(prefix):].rstrip("*").strip()
        if field is None:
            known = "、".join(c.zh for c in COLUMNS[kind])
            raise Invalid("file", f"unknown column {header!r}; the {kind} columns are {known} (or their English names)")
        if field in mapping.values():
            raise Invalid("file", f"column {header!r} appears twice")
        mapping[index] = field
    missing = [c for c in COLUMNS[kind] if c.required and c.field not in mapping.values()]
    if missing:
        raise Invalid("file", "missing required column(s): " + ", ".join(f"{c.zh} ({c.en})" for c in missing))
    return mapping


def template_rows(kind: str, locale: str) -> list[list[str]]:
    """A template for ``kind``: the header row in the caller's language and one example row."""
    english = locale.startswith("en")
    header = [(c.en if english else c.zh) + ("*" if c.required else "") for c in COLUMNS[kind]]
    example = [c.example for c in COLUMNS[kind]]
    if kind == "assets":
        header.append(("attributes." if english else "属性.") + "wattage_w")
        example.append("24")
    return [header, example]


def parse_bool(value: str, field: str) -> bool:
    """是/否, yes/no, true/false, 1/0 (empty is no)."""
    lowered = value.strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise Invalid(field, "must be 是 or 否 (yes or no)")
