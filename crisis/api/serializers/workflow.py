"""What a reviewer sends with a workflow action; the rules themselves live in crisis.services."""

from rest_framework import serializers

from crisis.models import Claim


def note(help_text, message):
    return serializers.CharField(
        help_text=help_text, error_messages={"required": message, "blank": message, "null": message}
    )


class SendBackSerializer(serializers.Serializer):
    note = note(
        "What the editor needs to fix; kept with the claim's events.",
        "Say what needs fixing: the editor sees your comment.",
    )


class RetractSerializer(serializers.Serializer):
    note = note(
        "Why the claim is retracted; shown to readers with the claim.",
        "Give the reason for the retraction: readers see it.",
    )


class CorrectSerializer(serializers.ModelSerializer):
    """The correction note, and the wording as corrected; fields left out keep their value."""

    note = note(
        "What was wrong and what is right now; shown to readers above the claim with the date.",
        "Write the correction note: readers see it above the claim.",
    )

    class Meta:
        model = Claim
        fields = ["note", "text", "quote", "verification"]
        extra_kwargs = {name: {"required": False} for name in ["text", "quote", "verification"]}
