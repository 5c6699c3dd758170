"""Demo tenants, one per industry, drawn from the source documents."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.auth.schemas import UserCreate
from core.auth.service import create_user
from core.customers.schemas import AssetCreate, CustomerCreate
from core.customers.service import create_asset, create_customer
from core.db import registry
from core.db.engine import make_engine, make_session_maker
from core.settings import Settings
from tenants.context import load_context
from tenants.models import Tenant
from tenants.schemas import SignupRequest
from tenants.service import set_plugin, signup

DEMO_PASSWORD = "shouhou-demo-2026"

#: slug, company, province, plugin, customers [(name, phone, address, is_member, [(type, model, serial, dates, attrs)])]
DEMO_TENANTS = (
    (
        "jsrunhua",
        "江苏润华润滑设备有限公司",
        "320000",
        "lubricants",
        [
            ("常州精工机械厂", "0519-86661234", "江苏省常州市武进区湖塘镇", False,
             [("lubricants.equipment", "RH-DJB-200 电动润滑泵", "RH2026-0012", {"install_date": date(2026, 10, 28)})]),
            ("安徽马钢轧钢分厂", "0555-2881234", "安徽省马鞍山市雨山区", False,
             [("lubricants.equipment", "RH-GZ-8 干油集中润滑站", "RH2025-0344", {"install_date": date(2025, 11, 20)})]),
        ],
    ),
    (
        "mingliang",
        "明亮照明电器有限公司",
        "440000",
        "lighting",
        [
            ("王女士", "13800138001", "广东省佛山市禅城区季华路 8 号", True,
             [("lighting.cfl", "ML-CFL 18W 节能灯", "ML18W-2611", {"purchase_date": date(2026, 6, 1)},
               {"spray_code": "ML2605A", "wattage_w": 18}),
              ("lighting.ceiling_lamp", "ML-XD-36 吸顶灯", "MLXD-0921", {"purchase_date": date(2026, 2, 14)})]),
            ("南昌恒光灯饰经销部", "0791-86551234", "江西省南昌市东湖区", False,
             [("lighting.cfl", "ML-CFL 11W 节能灯", "ML11W-2504", {"manufacture_date": date(2025, 9, 1)},
               {"spray_code": "ML2509C", "wattage_w": 11, "dealer": "南昌恒光灯饰经销部"})]),
        ],
    ),
    (
        "kuaiche",
        "快车汽车维修服务中心",
        "330000",
        "automotive",
        [
            ("李先生", "13900139002", "浙江省杭州市西湖区文三路 100 号", True,
             [("automotive.vehicle", "大众朗逸 1.5L", "LSVAA4182E2123456", {"purchase_date": date(2024, 5, 10)},
               {"plate": "浙A·12345", "vehicle_type": "轿车", "mileage_km": 38200,
                "maintenance_cycle": {"months": 6, "km": 5000},
                "last_service_date": "2026-06-20", "last_service_km": 35100})]),
            ("赵女士", "13700137003", "浙江省杭州市拱墅区", False,
             [("automotive.vehicle", "丰田卡罗拉", "LFMAP22C0A0654321", {"purchase_date": date(2023, 3, 8)},
               {"plate": "浙A·88K21", "vehicle_type": "轿车", "mileage_km": 61500,
                "maintenance_cycle": {"months": 6, "km": 5000}})]),
        ],
    ),
    (
        "beidou-gps",
        "北斗星车载定位安装服务有限公司",
        "110000",
        "gps_install",
        [
            ("顺达物流有限公司", "010-65551234", "北京市朝阳区东三环北路", False,
             [("gps_install.terminal", "BD-T6 车载终端", "T6-000123", {"install_date": date(2026, 3, 15)},
               {"terminal_number": "T6000123", "sim_iccid": "8986001234567890120", "vehicle_plate": "京A·D1234",
                "driver": {"name": "孙师傅", "phone": "13911112222"}})]),
        ],
    ),
    (
        "youpin-shop",
        "优品生活网店",
        "310000",
        "ecommerce",
        [
            ("陈先生", "13600136004", "上海市浦东新区张江路 1 号", True,
             [("ecommerce.item", "电热水壶 1.7L", "SKU-KT-17", {"purchase_date": date(2026, 11, 18)},
               {"sku": "SKU-KT-17", "product_name": "电热水壶 1.7L", "price_type": "normal", "price_fen": 15900})]),
            ("周女士", "13500135005", "上海市徐汇区漕溪北路", False,
             [("ecommerce.item", "空气炸锅 4L", "SKU-AF-40", {"purchase_date": date(2026, 10, 2)},
               {"sku": "SKU-AF-40", "product_name": "空气炸锅 4L", "price_type": "special", "price_fen": 29900})]),
        ],
    ),
)


async def load_demo(settings: Settings) -> list[str]:
    """Create the demo tenants that do not exist yet; return one login line per tenant."""
    from core.defaults import build_plugin_manager

    registry.load_models()
    plugins = build_plugin_manager()
    engine = make_engine(settings.database_url)
    maker = make_session_maker(engine)
    lines = []
    try:
        for slug, company, province, plugin, customers in DEMO_TENANTS:
            email = f"admin@{slug}.example.com"
            lines.append(f"  {company:<24} tenant={slug:<12} email={email:<32} password={DEMO_PASSWORD}")
            async with maker() as session, session.begin():
                if await session.scalar(select(Tenant.id).where(Tenant.slug == slug)):
                    continue
                tenant, admin = await signup(
                    session,
                    SignupRequest(
                        company_name=company, slug=slug, admin_email=email,
                        admin_password=DEMO_PASSWORD, admin_name="管理员", province=province,
                    ),
                )
                await set_plugin(session, plugins, plugin, True, None)
                for role, name in (("agent", "客服小张"), ("technician", "维修师傅老王"), ("manager", "售后部长")):
                    await create_user(
                        session,
                        UserCreate(email=f"{role}@{slug}.example.com", name=name, role=role,
                                   password=DEMO_PASSWORD, employee_no=f"{role[0].upper()}{len(name):03d}"),
                    )
                ctx = await load_context(session, plugins, tenant.id)
                for name, phone, address, member, assets in customers:
                    customer = await create_customer(
                        session, CustomerCreate(name=name, phone=phone, address=address,
                                                province=province, is_member=member)
                    )
                    for type_, model, serial, dates, *attrs in assets:
                        await create_asset(
                            session, ctx,
                            AssetCreate(customer_id=customer.id, type=type_, model=model, serial=serial,
                                        attributes=attrs[0] if attrs else {}, **dates),
                            admin.id,
                        )
    finally:
        await engine.dispose()
    return ["Demo tenants (log in at /login):", *lines]
