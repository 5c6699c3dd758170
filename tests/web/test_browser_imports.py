"""A company moving in uploads its customer list in a real browser (Playwright driving Chromium):
the dry run's per-row table names the bad row's column, then the checked rows are imported."""

from __future__ import annotations

import uuid

from tests.core.imports.files import csv_file
from tests.web.conftest import follow_menu_link, screenshot
from tests.web.test_browser import signup


async def test_upload_check_and_import_a_customer_list(page, live_server, tmp_path):
    base, slug = live_server, f"imp-{uuid.uuid4().hex[:8]}"
    await signup(page, base, slug)
    listing = tmp_path / "客户清单.csv"
    listing.write_bytes(csv_file([["外部编号", "名称", "电话"], ["C1", "常州精工机械厂", "0519-86668888"],
                                  ["C2", "坏号码", "12"]], "gb18030"))
    await follow_menu_link(page, "导入")
    await page.get_by_label("文件内容").select_option("customers")
    await page.locator("#f-file").set_input_files(str(listing))
    assert await page.get_by_label("试运行：逐行检查，不写入").is_checked()
    await page.get_by_role("button", name="上传").click()
    await page.wait_for_selector("#count-created")
    assert await page.inner_text("#count-created") == "1" and await page.inner_text("#count-failed") == "1"
    assert "电话" in await page.inner_text("tr.row-failed")
    await screenshot(page, "import-dry-run-zh")
    checked = page.url
    await page.get_by_role("button", name="导入检查通过的行").click()
    await page.wait_for_url(lambda url: url != checked and "/imports/" in url)
    assert "试运行" not in await page.inner_text("h1")
    assert await page.inner_text("#count-created") == "1"
    await page.get_by_role("link", name="客户", exact=True).click()
    await page.wait_for_selector("text=常州精工机械厂")
