"""Letters the demo's Srinagar office has issued, one in each language, made through the
services officials use: drafted by the SO, approved (signed) and issued by the ADC."""
from datetime import timedelta

from ..clock import travel_to, utcnow
from ..drafts import services as drafts
from ..files.services import create_file
from ..movement import services as movement
from .activity import _district_cast

LETTERS = [
    ("ur", "زمین کے ریکارڈ کی درستی", "Ghulam Mohammad Dar\nKhanyar, Srinagar", "post",
     "<p>جناب، آپ کی درخواست مورخہ 12-10-2026 پر غور کیا گیا۔ تحصیلدار خانیار کو ہدایت دی "
     "گئی ہے کہ خسرہ نمبر 412 کا ریکارڈ پندرہ دن کے اندر درست کیا جائے۔</p>"),
    ("hi", "पेयजल आपूर्ति की शिकायत", "Sunita Sharma\nWard 7, Srinagar", "hand",
     "<p>महोदया, आपकी शिकायत दिनांक 03-11-2026 पर जल शक्ति विभाग को आवश्यक कार्रवाई के "
     "निर्देश दिए गए हैं। सात दिन में आपूर्ति बहाल की जाएगी।</p>"),
    ("en", "Release of funds under MGNREGA", "Block Development Officer, Srinagar Block I",
     "email", "<p>Sir, the release of funds for the block plan is approved. Utilisation "
     "certificates are to reach this office by 30-11-2026.</p>"),
]


def load_letters(password, days_ago=9):
    people, posts = _district_cast("SGR", "Srinagar")
    so, adc = people["so"], people["adc"]
    for number, (language, subject, recipients, mode, body) in enumerate(LETTERS):
        with travel_to(utcnow() - timedelta(days=days_ago - number, hours=3)):
            efile = create_file(so, posts["so"], subject, "general", "GEN")
            draft = drafts.create_draft(so, efile, subject, body, language)
            movement.send(so, efile, [posts["adc"].id], "Draft reply put up for approval")
            drafts.approve_draft(adc, draft, password)
            drafts.issue_draft(adc, draft, recipients, mode)
