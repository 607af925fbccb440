import json


def test_it_serves_an_openapi_3_1_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["openapi"] == "3.1.0"
    assert "Problem" in doc["components"]["schemas"]


def test_an_unknown_api_path_is_not_a_language_redirect(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
