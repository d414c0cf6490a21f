"""Seminar sessions with their registrations and participants (read-only)."""

from __future__ import annotations

from rest_framework import serializers

from seminars.models import Participant, Registration, SeminarSession

from .common import MunicipalityRefSerializer


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = ["id", "name", "role", "email", "attendance", "person"]


class RegistrationSerializer(serializers.ModelSerializer):
    participants = ParticipantSerializer(many=True)

    class Meta:
        model = Registration
        # ``token`` is the registrant's private link: never exposed.
        fields = [
            "id",
            "org_number",
            "venue_name",
            "licence_number",
            "licence",
            "contact_email",
            "status",
            "created_at",
            "cancelled_at",
            "participants",
        ]


class SeminarSessionSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRefSerializer()
    open_to = MunicipalityRefSerializer(many=True)
    registrations = RegistrationSerializer(many=True)

    class Meta:
        model = SeminarSession
        fields = [
            "id",
            "public_id",
            "municipality",
            "open_to",
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "registration_deadline",
            "language",
            "description",
            "cancelled",
            "registrations",
        ]
