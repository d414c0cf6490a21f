"""Building form posts for the public registration form."""

VALID_ORG = "974760673"  # Brønnøysundregistrene: a real, valid organisation number


def registration_post(participants=None, **overrides) -> dict:
    participants = (
        participants
        if participants is not None
        else [{"name": "Kari Nordmann", "role": "manager", "email": "kari@kafe.example"}]
    )
    data = {
        "org_number": VALID_ORG,
        "venue_name": "Kafé Kaien",
        "licence_number": "",
        "contact_email": "post@kafe.example",
        "consent": "on",
        "website": "",
        "participants-TOTAL_FORMS": str(len(participants)),
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(participants):
        for key, value in row.items():
            data[f"participants-{index}-{key}"] = value
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data
