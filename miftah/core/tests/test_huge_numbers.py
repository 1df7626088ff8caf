"""Numbers too large for a database column, in paths and query parameters, answer 404/400 — they made SQLite
overflow (a 500) in /s/<id>, the API's detail views and ?offset=."""

BIG = "9" * 23
JUST_OVER = str(2**63)  # the first id no BigAutoField can hold

EXPECTED = {
    f"/s/{BIG}": 404,
    f"/s/{JUST_OVER}": 404,
    f"/api/v2/articles/{BIG}/": 404,
    f"/api/v2/sections/{BIG}/": 404,
    f"/api/v2/authors/{BIG}/": 404,
    f"/api/v2/images/{JUST_OVER}/": 404,
    f"/api/v2/articles/?offset={BIG}": 400,
    f"/api/v2/articles/?offset={2**63 - 5}": 400,
    f"/api/v2/sections/?offset={BIG}": 400,
    f"/api/v2/authors/?offset={BIG}": 400,
    f"/api/v2/images/?offset={BIG}": 400,
    f"/api/v2/articles/?limit={BIG}": 400,
    f"/api/v2/articles/?section={BIG}": 400,
    f"/api/v2/articles/?child_of={BIG}": 400,
    f"/economy/?page={BIG}": 404,
    f"/author/layla-haddad/?page={BIG}": 404,
    f"/tag/{'%D8%A3%D9%85%D9%86'}/?page={BIG}": 404,
    f"/search/?q=الطاقة&page={BIG}&section={BIG}": 200,
}


def test_huge_numbers_are_not_found_or_refused(client, newsroom):
    answers = {url: client.get(url).status_code for url in EXPECTED}
    assert answers == EXPECTED


def test_ordinary_numbers_still_work(client, newsroom):
    article = newsroom["articles"][0]
    assert client.get(f"/s/{article.pk}").status_code == 301
    assert client.get(f"/api/v2/articles/{article.pk}/").json()["id"] == article.pk
    assert client.get("/api/v2/articles/?offset=2").json()["meta"]["total_count"] == len(newsroom["articles"])
    assert client.get("/api/v2/articles/?offset=1000000").json()["items"] == []
