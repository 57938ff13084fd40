def test_home_answers_in_french(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"
    assert "Entrepreneurs d" in response.content.decode()
