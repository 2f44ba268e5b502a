"""Generated announcements and campaign kits that follow the content model (CONTENT-MODEL.md).

The benchmark needs content a province's portal would really hold: every document type, numbers
unique per year and valid for their type, eight years of dates, signers and recipients,
references to earlier numbers, Vietnamese tags, campaign documents, PDF attachments, and bodies
of several paragraphs with numbered points and sometimes a table. The same seed and count give
the same files, so figures compare across commits.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from loa.colors import MINIMUM_CONTRAST, contrast_ratio

FIRST_YEAR = 2018
LAST_YEAR = 2025  # eight years, all before the benchmark's machines' today
AGENCY_CODE = "STC"  # extra.agency.short_code of the repository's mkdocs.yml
MAX_TAGS = 20  # the site's limits (loa/content/limits.py): the generator stays inside them
MAX_TITLE_CHARS = 300

# (code, type mark, share of the archive). A công văn's number carries no type mark.
DOCUMENT_TYPES: tuple[tuple[str, str | None, int], ...] = (
    ("cong-van", None, 30),
    ("thong-bao", "TB", 12),
    ("ke-hoach", "KH", 8),
    ("quyet-dinh", "QĐ", 10),
    ("chi-thi", "CT", 2),
    ("huong-dan", "HD", 5),
    ("bao-cao", "BC", 8),
    ("to-trinh", "TTr", 5),
    ("giay-moi", "GM", 6),
    ("tin-tuc", None, 14),
)
NUMBER_MARKS = {code: mark for code, mark, _ in DOCUMENT_TYPES}
DEPARTMENTS = ("VP", "NS", "TCDN", "QLG", "TTr", "ĐT")  # the ký hiệu of a công văn: STC-<phòng>
SIGNERS: tuple[tuple[str, str, str | None], ...] = (
    ("Nguyễn Văn An", "Giám đốc", None),
    ("Trần Quốc Sở", "Phó Giám đốc", "KT. Giám đốc"),
    ("Lê Thị Mỹ Duyên", "Phó Giám đốc", "KT. Giám đốc"),
    ("Lâm Thị Ngọc Hân", "Chánh Văn phòng", "TL. Giám đốc"),
    ("Huỳnh Minh Triết", "Trưởng phòng Quản lý ngân sách", "TL. Giám đốc"),
    ("Thạch Sô Phol", "Phó Giám đốc phụ trách", "Q. Giám đốc"),
)
AUTHORS = ("Xuân Phương", "Ngọc Hân", "Minh Khoa", "Thanh Tâm", "Phòng Hành chính - Tổng hợp")
RECIPIENTS = (
    "Ủy ban nhân dân tỉnh (để báo cáo)",
    "Ban Giám đốc",
    "Các sở, ban, ngành tỉnh",
    "Ủy ban nhân dân các huyện, thị xã, thành phố",
    "Các phòng, đơn vị thuộc Sở",
    "Kho bạc Nhà nước tỉnh",
    "Cục Thuế tỉnh",
    "Cổng TTĐT Sở",
)
EXTERNAL_NUMBERS = (
    "30/2020/NĐ-CP",
    "163/2016/NĐ-CP",
    "151/2017/NĐ-CP",
    "57/KH-SLĐTBXH",
    "22/2023/TT-BTTTT",
    "1245/QĐ-UBND",
    "342/UBND-KT",
)
# (subject, its tags). {year} is the document's year, {next} the year after, {quarter} 1–4.
SUBJECTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("triển khai thực hiện dự toán ngân sách nhà nước năm {next}", ("ngân sách", "dự toán")),
    ("kiểm kê, báo cáo tài sản công năm {year}", ("tài sản công",)),
    ("quyết toán vốn đầu tư công dự án hoàn thành năm {year}", ("đầu tư công", "quyết toán")),
    ("công khai ngân sách quý {quarter} năm {year}", ("công khai ngân sách",)),
    ("tăng cường ứng dụng chữ ký số trong gửi, nhận văn bản điện tử", ("chuyển đổi số", "chữ ký số")),
    ("thực hành tiết kiệm, chống lãng phí năm {year}", ("tiết kiệm", "chống lãng phí")),
    ("thẩm định giá tài sản mua sắm tập trung năm {year}", ("giá", "mua sắm công")),
    ("quản lý, sử dụng kinh phí phòng, chống dịch bệnh", ("y tế", "ngân sách")),
    ("cải cách thủ tục hành chính trong lĩnh vực tài chính", ("cải cách hành chính",)),
    ("tập huấn nghiệp vụ kế toán hành chính, sự nghiệp năm {year}", ("kế toán", "tập huấn")),
    ("lấy ý kiến dự thảo Quy chế chi tiêu nội bộ năm {next}", ("quy chế", "chi tiêu nội bộ")),
    ("bố trí kinh phí thực hiện chính sách an sinh xã hội", ("an sinh xã hội", "ngân sách")),
    ("tình hình thực hiện dự toán thu, chi ngân sách 6 tháng đầu năm {year}", ("ngân sách", "báo cáo")),
    ("phân công trực Tết Nguyên đán năm {next}", ("lịch làm việc",)),
    ("lịch tiếp công dân định kỳ năm {year}", ("tiếp công dân",)),
    ("quản lý giá hàng hóa, dịch vụ dịp cuối năm {year}", ("giá", "bình ổn giá")),
    ("sắp xếp lại, xử lý nhà, đất thuộc sở hữu nhà nước", ("tài sản công", "nhà đất")),
    ("triển khai hóa đơn điện tử tại đơn vị sự nghiệp công lập", ("hóa đơn điện tử", "chuyển đổi số")),
    ("phòng, chống tham nhũng, tiêu cực năm {year}", ("phòng, chống tham nhũng",)),
    ("đánh giá, xếp loại chất lượng công chức năm {year}", ("tổ chức cán bộ",)),
    ("thực hiện cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập", ("tự chủ tài chính",)),
    ("điều chỉnh mức lương cơ sở từ ngày 01/7/{year}", ("tiền lương",)),
    ("quyết toán kinh phí Chương trình mục tiêu quốc gia xây dựng nông thôn mới", ("nông thôn mới", "quyết toán")),
    ("hỗ trợ doanh nghiệp nhỏ và vừa tiếp cận nguồn vốn ưu đãi", ("doanh nghiệp",)),
    ("quản lý quỹ tài chính ngoài ngân sách nhà nước", ("quỹ tài chính",)),
)
TAGS = (
    "ngân sách",
    "dự toán",
    "quyết toán",
    "tài sản công",
    "đầu tư công",
    "chuyển đổi số",
    "chữ ký số",
    "cải cách hành chính",
    "bình đẳng giới",
    "giá",
    "bình ổn giá",
    "mua sắm công",
    "kế toán",
    "kiểm toán",
    "thuế",
    "phí, lệ phí",
    "tiền lương",
    "bảo hiểm xã hội",
    "an sinh xã hội",
    "y tế",
    "giáo dục",
    "nông thôn mới",
    "giảm nghèo bền vững",
    "doanh nghiệp",
    "hợp tác xã",
    "tự chủ tài chính",
    "quỹ tài chính",
    "nhà đất",
    "tiết kiệm",
    "chống lãng phí",
    "phòng, chống tham nhũng",
    "thanh tra",
    "tiếp công dân",
    "khiếu nại, tố cáo",
    "tổ chức cán bộ",
    "thi đua, khen thưởng",
    "tập huấn",
    "lịch làm việc",
    "công khai ngân sách",
    "hóa đơn điện tử",
    "dịch vụ công trực tuyến",
    "an toàn thông tin",
    "phòng, chống thiên tai",
    "biến đổi khí hậu",
    "xâm nhập mặn",
    "đồng bào dân tộc Khmer",
    "Tết Nguyên đán",
    "quy chế",
    "chi tiêu nội bộ",
    "báo cáo",
    "văn thư, lưu trữ",
    "hội nghị",
    "đấu thầu",
    "vốn ODA",
    "trái phiếu chính quyền địa phương",
    "kho bạc",
    "kinh tế tập thể",
    "chương trình mục tiêu quốc gia",
    "phụ nữ và trẻ em",
    "thanh niên",
)
UNITS = (
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Lao động - Thương binh và Xã hội",
    "Ủy ban nhân dân thành phố Sóc Trăng",
    "Ủy ban nhân dân thị xã Vĩnh Châu",
    "Ủy ban nhân dân huyện Trần Đề",
    "Ủy ban nhân dân huyện Mỹ Xuyên",
    "Ủy ban nhân dân huyện Kế Sách",
)
GROUNDS = (
    "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;",
    "Căn cứ Luật Quản lý, sử dụng tài sản công ngày 21 tháng 6 năm 2017;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Căn cứ Nghị định số 163/2016/NĐ-CP ngày 21 tháng 12 năm 2016 của Chính phủ quy định chi tiết thi hành "
    "một số điều của Luật Ngân sách nhà nước;",
    "Căn cứ Quyết định của Ủy ban nhân dân tỉnh Sóc Trăng quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu "
    "tổ chức của Sở Tài chính;",
)
SENTENCES = (
    "Sở Tài chính đề nghị các cơ quan, đơn vị {subject} theo đúng quy định, bảo đảm công khai, minh bạch và tiết kiệm.",
    "Việc {subject} phải gắn với trách nhiệm của người đứng đầu cơ quan, đơn vị và được kiểm tra, giám sát "
    "thường xuyên.",
    "Trong năm {year}, nhiều đơn vị đã chủ động rà soát, sắp xếp nhiệm vụ chi, ưu tiên kinh phí cho các "
    "nhiệm vụ quan trọng, cấp bách.",
    "Tuy nhiên, vẫn còn đơn vị chậm gửi báo cáo, số liệu chưa khớp đúng với số liệu của Kho bạc Nhà nước.",
    "Các đơn vị cập nhật đầy đủ dữ liệu trên phần mềm quản lý và chịu trách nhiệm về tính chính xác của "
    "số liệu đã báo cáo.",
    "Thủ trưởng các cơ quan, đơn vị chỉ đạo bộ phận chuyên môn phối hợp chặt chẽ với Phòng Quản lý ngân sách "
    "của Sở trong quá trình thực hiện.",
    "Kinh phí thực hiện được bố trí trong dự toán chi thường xuyên năm {year} đã giao cho các đơn vị.",
    "Đối với những nội dung phát sinh ngoài dự toán, đơn vị lập hồ sơ đề nghị bổ sung, gửi Sở Tài chính "
    "thẩm định trước ngày {deadline}.",
    "Việc thanh toán, quyết toán thực hiện theo chế độ, định mức chi tiêu hiện hành và hướng dẫn của Bộ Tài chính.",
    "Sở Tài chính sẽ tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo trong quý {quarter} năm {year}.",
    "Các đơn vị đẩy mạnh ứng dụng công nghệ thông tin, sử dụng chữ ký số trong gửi, nhận hồ sơ để rút ngắn "
    "thời gian xử lý.",
    "Người dân, doanh nghiệp có thể tra cứu thông tin, nộp hồ sơ trực tuyến qua Cổng dịch vụ công của tỉnh.",
)
POINTS = (
    "Đẩy mạnh phổ biến, quán triệt các văn bản quy phạm pháp luật có liên quan đến toàn thể công chức, "
    "viên chức và người lao động.",
    "Rà soát, tổng hợp nhu cầu kinh phí năm {next}, gửi về Sở Tài chính trước ngày {deadline}.",
    "Tổ chức kiểm tra, đối chiếu số liệu giữa sổ kế toán và báo cáo quyết toán; xử lý dứt điểm các khoản "
    "tạm ứng quá hạn.",
    "Công khai dự toán, quyết toán ngân sách trên trang thông tin điện tử của đơn vị theo quy định.",
    "Cử cán bộ đầu mối theo dõi, tổng hợp và báo cáo định kỳ hằng quý về Sở Tài chính.",
    "Thực hiện nghiêm các quy định về tiêu chuẩn, định mức sử dụng xe ô tô, máy móc, thiết bị.",
    "Báo cáo kết quả thực hiện năm {year} bằng văn bản và qua hệ thống quản lý văn bản điều hành.",
    "Phối hợp với Kho bạc Nhà nước tỉnh giải ngân kịp thời các nguồn vốn đã được giao.",
    "Lập danh mục tài sản đề nghị điều chuyển, thanh lý; gửi kèm hồ sơ pháp lý của từng tài sản.",
    "Bảo đảm an toàn, bảo mật thông tin khi trao đổi văn bản điện tử có chứa thông tin mật.",
)
NEWS_SENTENCES = (
    "Sáng ngày {day_text}, Sở Tài chính tổ chức hội nghị {subject} với sự tham dự của đại diện các sở, ban, "
    "ngành tỉnh và Ủy ban nhân dân các huyện, thị xã, thành phố.",
    "Phát biểu tại hội nghị, đồng chí Giám đốc Sở Tài chính nhấn mạnh yêu cầu siết chặt kỷ luật, kỷ cương "
    "tài chính, ngân sách.",
    "Các đại biểu đã thảo luận, chia sẻ kinh nghiệm và kiến nghị nhiều giải pháp tháo gỡ khó khăn, vướng mắc.",
    "Theo báo cáo, năm {year} toàn tỉnh đã hoàn thành và vượt dự toán thu ngân sách được Hội đồng nhân dân tỉnh giao.",
    "Dịp này, Sở Tài chính đã trao giấy khen cho các tập thể, cá nhân có thành tích xuất sắc.",
    "Hội nghị kết thúc trong không khí phấn khởi, đoàn kết và quyết tâm hoàn thành nhiệm vụ năm {next}.",
)
CLOSINGS = (
    "Đề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện./.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh về Sở Tài chính (qua Phòng "
    "Quản lý ngân sách) để được hướng dẫn./.",
)
CLOSING_OF_TYPE = {  # types whose last line says what they are
    "thong-bao": "Sở Tài chính thông báo để các cơ quan, đơn vị biết và thực hiện./.",
    "to-trinh": "Sở Tài chính kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.",
}
NEWS_TITLES = (
    "Sở Tài chính tổ chức hội nghị {subject}",
    "Hội nghị tập huấn {subject}",
    "Sở Tài chính làm việc với các đơn vị về {subject}",
    "Kết quả {subject}",
)


@dataclass(frozen=True)
class CampaignKit:
    """A campaign identity kit as the designer writes its campaign.yml (no logo: it is optional)."""

    id: str
    name: str
    short_name: str
    theme: str
    start: dt.date
    end: dt.date
    slogans: tuple[str, ...]
    primary: str
    on_primary: str
    accent: str
    organizer: str
    basis: tuple[str, ...]

    def yaml(self) -> str:
        lines = [
            f"# Bộ nhận diện {self.short_name} (dữ liệu sinh cho benchmark của Loa).",
            f"name: {yaml_string(self.name)}",
            f"short_name: {yaml_string(self.short_name)}",
            f"theme: {yaml_string(self.theme)}",
            f"start: {self.start.isoformat()}",
            f"end: {self.end.isoformat()}",
            f"organizer: {yaml_string(self.organizer)}",
            "basis:",
            *(f"  - {yaml_string(b)}" for b in self.basis),
            "slogans:",
            *(f"  - {yaml_string(s)}" for s in self.slogans),
            "colors:",
            f'  primary: "{self.primary}"',
            f'  on_primary: "{self.on_primary}"',
            f'  accent: "{self.accent}"',
        ]
        return "\n".join(lines) + "\n"


CAMPAIGN_KITS = (
    CampaignKit(
        id="cds-2022",
        name="Tháng cao điểm chuyển đổi số trong lĩnh vực tài chính tỉnh Sóc Trăng năm 2022",
        short_name="Chuyển đổi số ngành Tài chính 2022",
        theme="Chuyển đổi số vì một nền tài chính công khai, minh bạch, phục vụ người dân và doanh nghiệp",
        start=dt.date(2022, 10, 1),
        end=dt.date(2022, 10, 31),
        slogans=("Dữ liệu số, giá trị mới", "Mỗi hồ sơ một lần nộp, trực tuyến toàn trình"),
        primary="#1D4ED8",
        on_primary="#FFFFFF",
        accent="#0F766E",
        organizer="Sở Tài chính tỉnh Sóc Trăng",
        basis=("1245/QĐ-UBND",),
    ),
    CampaignKit(
        id="tklp-2024",
        name="Tháng hành động thực hành tiết kiệm, chống lãng phí tỉnh Sóc Trăng năm 2024",
        short_name="Tiết kiệm, chống lãng phí 2024",
        theme="Tiết kiệm là quốc sách, chống lãng phí là trách nhiệm của mỗi cơ quan, đơn vị và mỗi người",
        start=dt.date(2024, 5, 1),
        end=dt.date(2024, 5, 31),
        slogans=("Tiết kiệm hôm nay, phát triển ngày mai",),
        primary="#047857",
        on_primary="#FFFFFF",
        accent="#B45309",
        organizer="Sở Tài chính tỉnh Sóc Trăng",
        basis=("342/UBND-KT",),
    ),
)


@dataclass
class GeneratedAnnouncement:
    """One generated announcement: where it is, what a reader sees of it, and its file's text."""

    source: str  # relative to docs/, e.g. tin-tuc/posts/2021/cong-van-x.md
    slug: str
    title: str
    date: dt.date
    type_code: str
    draft: bool
    tags: list[str]
    front_matter: str  # the YAML between the --- lines
    body: str
    campaign: str | None = None
    attachments: list[tuple[str, bytes]] = field(default_factory=list)  # (docs-relative path, bytes)

    @property
    def url(self) -> str:
        """The page's site-relative URL (loa/news/urls.py: /tin-tuc/<year>/<slug>/)."""
        return f"tin-tuc/{self.date.year}/{self.slug}/"

    def markdown(self) -> str:
        return unicodedata.normalize("NFC", f"---\n{self.front_matter}---\n{self.body}")


@dataclass
class GeneratedContent:
    """A generated site's announcements (in date order) and the campaign kits they may name."""

    announcements: list[GeneratedAnnouncement]
    campaigns: tuple[CampaignKit, ...]

    @property
    def published(self) -> list[GeneratedAnnouncement]:
        return [a for a in self.announcements if not a.draft]


def generate_content(count: int, seed: int = 1) -> GeneratedContent:
    """`count` announcements in date order, numbered as a văn thư numbers them (once per year)."""
    rng = random.Random(f"loa-benchmark/{seed}/{count}")
    weights = [share for _, _, share in DOCUMENT_TYPES]
    drafts = round(count * 0.01)
    plans: list[tuple[dt.date, str, str | None, CampaignKit | None]] = []
    campaign_documents = max(len(CAMPAIGN_KITS), round(count * 0.04)) if count >= 10 else 0
    first_day, last_day = dt.date(FIRST_YEAR, 1, 2), dt.date(LAST_YEAR, 12, 30)
    for index in range(count):
        code, mark, _ = rng.choices(DOCUMENT_TYPES, weights)[0]
        kit = CAMPAIGN_KITS[index % len(CAMPAIGN_KITS)] if index < campaign_documents else None
        if kit is not None:
            day = kit.start + dt.timedelta(days=rng.randint(-20, (kit.end - kit.start).days))
        else:
            day = first_day + dt.timedelta(days=rng.randint(0, (last_day - first_day).days))
        plans.append((day, code, mark, kit))
    order = sorted(range(count), key=lambda i: (plans[i][0], i))
    draft_indexes = set(rng.sample(range(count), drafts)) if drafts else set()

    next_sequence: dict[int, int] = {}
    issued: list[str] = []
    used_slugs: set[str] = {"trang"}
    announcements = []
    for index in order:
        day, code, mark, kit = plans[index]
        draft = index in draft_indexes
        number = None
        if code != "tin-tuc" and not draft:
            sequence = next_sequence.get(day.year, rng.randint(1, 20))
            next_sequence[day.year] = sequence + rng.randint(1, 3)
            number = _number(rng, sequence, day.year, code, mark)
        item = _announcement(rng, day, code, number, kit, draft, issued, used_slugs)
        if number:
            issued.append(number)
        announcements.append(item)
    return GeneratedContent(announcements, CAMPAIGN_KITS)


def _number(rng: random.Random, sequence: int, year: int, code: str, mark: str | None) -> str:
    """A số ký hiệu valid for the type: 123/STC-NS for a công văn, 15/TB-STC, sometimes 7/2021/QĐ-STC."""
    if mark is None:
        return f"{sequence}/{AGENCY_CODE}-{rng.choice(DEPARTMENTS)}"
    if code == "quyet-dinh" and rng.random() < 0.3:
        return f"{sequence}/{year}/{mark}-{AGENCY_CODE}"
    return f"{sequence}/{mark}-{AGENCY_CODE}"


def _announcement(
    rng: random.Random,
    day: dt.date,
    code: str,
    number: str | None,
    kit: CampaignKit | None,
    draft: bool,
    issued: list[str],
    used_slugs: set[str],
) -> GeneratedAnnouncement:
    subject_template, subject_tags = rng.choice(SUBJECTS)
    values = {"year": day.year, "next": day.year + 1, "quarter": (day.month - 1) // 3 + 1}
    subject = subject_template.format(**values)
    if kit is not None:
        subject = f"hưởng ứng {kit.name[:1].lower()}{kit.name[1:]}"
        subject_tags = (_campaign_tag(kit),)
    if code == "tin-tuc":
        title = _capitalised(rng.choice(NEWS_TITLES).format(subject=subject))
    elif code == "cong-van" and rng.random() < 0.6:
        title = f"V/v {subject}"  # copied from the paper's V/v line; the page shows it once
    else:
        title = _capitalised(subject)
    title = title[:MAX_TITLE_CHARS]
    slug = _unique_slug(_ascii_slug(title.removeprefix("V/v ")), used_slugs)
    folder = f"tin-tuc/posts/{day.year}"
    tags = _tags(rng, subject_tags)
    references = _references(rng, issued) if code != "tin-tuc" else []

    lines = [f"title: {yaml_string(title)}", f"date: {day.isoformat()}", f"type: {code}"]
    if number:
        lines.append(f"number: {yaml_string(number)}")
    if code == "tin-tuc":
        lines.append(f"author: {yaml_string(rng.choice(AUTHORS))}")
    else:
        name, signer_title, authority = rng.choice(SIGNERS)
        lines += ["signer:", f"  name: {yaml_string(name)}", f"  title: {yaml_string(signer_title)}"]
        if authority:
            lines.append(f"  authority: {yaml_string(authority)}")
        recipients = ["Như trên", *rng.sample(RECIPIENTS, rng.randint(1, 4)), f"Lưu: VT, {rng.choice(DEPARTMENTS)}"]
        lines += ["recipients:", *(f"  - {yaml_string(r)}" for r in recipients)]
    if references:
        lines += ["references:", *(f"  - {yaml_string(r)}" for r in references)]
    if code in ("quyet-dinh", "chi-thi") and rng.random() < 0.5:
        lines.append(f"effective: {(day + dt.timedelta(days=rng.randint(0, 15))).isoformat()}")
    if kit is not None:
        lines.append(f"campaign: {kit.id}")
    attachments: list[tuple[str, bytes]] = []
    if rng.random() < 0.1:
        lines.append("attachments:")
        for part in range(1, rng.randint(1, 2) + 1):
            file_name = f"files/{slug}-phu-luc-{part}.pdf"
            attachment_title = f"Phụ lục {part} - {_capitalised(subject)}"[:200]
            attachments.append((f"{folder}/{file_name}", make_pdf([title, f"Phu luc {part}", number or ""])))
            lines += [f"  - file: {file_name}", f"    title: {yaml_string(attachment_title)}"]
    if tags:
        lines.append("tags: [" + ", ".join(yaml_string(t) for t in tags) + "]")
    if draft:
        lines.append("draft: true")
    front_matter = unicodedata.normalize("NFC", "\n".join(lines) + "\n")
    body = unicodedata.normalize("NFC", _body(rng, code, subject, day, references, kit))
    return GeneratedAnnouncement(
        source=f"{folder}/{slug}.md",
        slug=slug,
        title=title,
        date=day,
        type_code=code,
        draft=draft,
        tags=tags,
        front_matter=front_matter,
        body=body,
        campaign=kit.id if kit else None,
        attachments=attachments,
    )


def _tags(rng: random.Random, subject_tags: tuple[str, ...]) -> list[str]:
    """The subject's tags and a few more; one document in a hundred carries nearly the limit."""
    extra = rng.randint(15, MAX_TAGS) if rng.random() < 0.01 else rng.randint(0, 3)
    chosen = list(dict.fromkeys([*subject_tags, *rng.sample(TAGS, extra)]))[:MAX_TAGS]
    if chosen and rng.random() < 0.05:
        chosen[0] = _capitalised(chosen[0])  # "Ngân sách" and "ngân sách" share one listing
    return chosen


def _references(rng: random.Random, issued: list[str]) -> list[str]:
    """Earlier numbers of this agency (recent ones most often), sometimes a decree or a province's letter."""
    if rng.random() >= 0.3:
        return []
    chosen = []
    for _ in range(rng.randint(1, 2)):
        if issued and rng.random() < 0.7:
            chosen.append(issued[max(0, len(issued) - 1 - int(rng.expovariate(1 / 30)))])
        else:
            chosen.append(rng.choice(EXTERNAL_NUMBERS))
    return list(dict.fromkeys(chosen))


def _body(
    rng: random.Random, code: str, subject: str, day: dt.date, references: list[str], kit: CampaignKit | None
) -> str:
    """Vietnamese body text in the shape of the type: Kính gửi, căn cứ, numbered points, articles."""
    deadline = day + dt.timedelta(days=rng.randint(7, 45))
    values = {
        "subject": subject,
        "year": day.year,
        "next": day.year + 1,
        "quarter": (day.month - 1) // 3 + 1,
        "deadline": f"{deadline.day:02d}/{deadline.month:02d}/{deadline.year}",
        "day_text": f"{day.day:02d}/{day.month:02d}/{day.year}",
    }

    decks: dict[tuple[str, ...], list[str]] = {}

    def draw(pool: tuple[str, ...], low: int, high: int) -> list[str]:
        """Sentences of `pool` not used yet in this body (a reshuffled pool once it runs out)."""
        deck = decks.setdefault(pool, [])
        chosen = []
        for _ in range(rng.randint(low, high)):
            if not deck:
                deck.extend(rng.sample(pool, len(pool)))
            chosen.append(deck.pop().format(**values))
        return chosen

    def sentences(pool: tuple[str, ...], low: int, high: int) -> str:
        return " ".join(draw(pool, low, high))

    def points(low: int, high: int) -> list[str]:
        return [f"{n}\\. {point}" for n, point in enumerate(draw(POINTS, low, high), 1)]

    paragraphs: list[str] = []
    if code == "tin-tuc":
        paragraphs += [sentences(NEWS_SENTENCES, 1, 3) for _ in range(rng.randint(3, 5))]
    else:
        if code in ("cong-van", "to-trinh", "giay-moi"):
            paragraphs.append(f"Kính gửi: {', '.join(rng.sample(UNITS, rng.randint(1, 3)))}.")
        if references:
            paragraphs.append(f"Thực hiện văn bản số {references[0]} và các văn bản có liên quan;")
        if code == "quyet-dinh":
            paragraphs += [*rng.sample(GROUNDS, 2), "Theo đề nghị của Chánh Văn phòng Sở,", "**QUYẾT ĐỊNH:**"]
            paragraphs += [
                f"**Điều 1.** Ban hành kèm theo Quyết định này Quy chế {subject}. {sentences(SENTENCES, 1, 2)}",
                "**Điều 2.** Quyết định có hiệu lực kể từ ngày ký.",
                "**Điều 3.** Chánh Văn phòng, Trưởng các phòng chuyên môn thuộc Sở và các tổ chức, cá nhân có "
                "liên quan chịu trách nhiệm thi hành Quyết định này./.",
            ]
        elif code == "ke-hoach":
            paragraphs += ["**I. MỤC ĐÍCH, YÊU CẦU**", sentences(SENTENCES, 2, 3), "**II. NỘI DUNG THỰC HIỆN**"]
            paragraphs += points(3, 6)
            paragraphs += ["**III. TỔ CHỨC THỰC HIỆN**", sentences(SENTENCES, 1, 3)]
        elif code == "giay-moi":
            meeting = day + dt.timedelta(days=rng.randint(2, 10))
            paragraphs += [
                f"Sở Tài chính trân trọng kính mời Quý cơ quan, đơn vị cử đại diện dự hội nghị {subject}.",
                f"- Thời gian: {rng.choice(('07 giờ 30', '08 giờ 00', '13 giờ 30', '14 giờ 00'))}, ngày "
                f"{meeting.day:02d}/{meeting.month:02d}/{meeting.year}.\n"
                "- Địa điểm: Hội trường Sở Tài chính, số 1 đường Lê Lợi, Phường 1, thành phố Sóc Trăng.",
                "Rất mong Quý cơ quan, đơn vị tham dự đúng thành phần, thời gian./.",
            ]
        else:
            paragraphs += [sentences(SENTENCES, 2, 3) for _ in range(rng.randint(1, 3))]
            paragraphs += points(2, 5)
    if kit is not None:
        paragraphs.append(f"Chủ đề của {kit.short_name}: “{kit.theme}”.")
        paragraphs.append("Các thông điệp truyền thông:\n\n" + "\n".join(f"- {s}" for s in kit.slogans))
    if rng.random() < 0.2:
        paragraphs.append(_table(rng, day.year))
    if code in CLOSING_OF_TYPE:
        paragraphs.append(CLOSING_OF_TYPE[code])
    elif code not in ("quyet-dinh", "giay-moi", "tin-tuc"):
        paragraphs.append(rng.choice(CLOSINGS))
    return "\n\n".join(paragraphs) + "\n"


def _table(rng: random.Random, year: int) -> str:
    """A small table of figures, as budget letters carry, in the Vietnamese number format (12.345)."""
    rows = [
        "| STT | Đơn vị | Dự toán (triệu đồng) | Thực hiện (triệu đồng) |",
        "|---:|---|---:|---:|",
    ]
    for index, unit in enumerate(rng.sample(UNITS, rng.randint(3, 7)), 1):
        planned = rng.randint(500, 90000)
        done = int(planned * rng.uniform(0.4, 1.1))
        rows.append(f"| {index} | {unit} | {planned:,} | {done:,} |".replace(",", "."))
    return f"Số liệu năm {year} (minh họa):\n\n" + "\n".join(rows)


def _campaign_tag(kit: CampaignKit) -> str:
    return kit.short_name.rsplit(" ", 1)[0].lower()


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _ascii_slug(text: str, limit: int = 80) -> str:
    """The file name a webmaster gives: the title without diacritics (đ → d), cut at a word."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "van-ban"


def _unique_slug(slug: str, used: set[str]) -> str:
    candidate, suffix = slug, 2
    while candidate in used:
        candidate, suffix = f"{slug}-{suffix}", suffix + 1
    used.add(candidate)
    return candidate


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def make_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF 1.4 (Helvetica, ASCII text): an attachment the site accepts as PDF."""
    text = [_ascii_slug(line, 200).replace("-", " ") for line in lines if line]
    operations = ["BT", "/F1 14 Tf", "72 770 Td"]
    for line in text:
        operations += [f"({line}) Tj", "0 -20 Td"]
    operations.append("ET")
    stream = "\n".join(operations).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(output)


def write_announcements(content: GeneratedContent, docs_dir: Path) -> None:
    """The announcements' Markdown files and their attachments under `docs_dir`."""
    for item in content.announcements:
        path = docs_dir / item.source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.markdown(), encoding="utf-8")
        for relative, data in item.attachments:
            attachment = docs_dir / relative
            attachment.parent.mkdir(parents=True, exist_ok=True)
            attachment.write_bytes(data)


def write_campaign_kits(kits: tuple[CampaignKit, ...], campaigns_dir: Path) -> None:
    """Each kit's campaign.yml under `campaigns_dir/<id>/`, checked for the site's contrast rule first."""
    for kit in kits:
        for colour in (kit.primary, kit.accent):
            ratio = contrast_ratio(colour, kit.on_primary)
            if ratio < MINIMUM_CONTRAST:
                raise ValueError(f"{kit.id}: {colour} on {kit.on_primary} has contrast {ratio:.2f}")
        folder = campaigns_dir / kit.id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "campaign.yml").write_text(unicodedata.normalize("NFC", kit.yaml()), encoding="utf-8")
