"""Every page names its icon, so browsers stop asking for a missing /favicon.ico."""
import re

from tests.conftest import login


def test_pages_link_an_icon_that_is_served(client, org):
    for path in ("/login", "/inbox"):
        if path == "/inbox":
            login(client, "so.srinagar")
        html = client.get(path).get_data(as_text=True)
        icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html).group(1)
        response = client.get(icon)
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
