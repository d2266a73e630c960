"""Reference fields that read as nested records and write as a slug or an id.

A consumer reads `"source": {"title": …, "url": …}` and writes `"source": "latin-post-…"`:
the citation travels with the row, and writing needs no nested payload. The schema shows the
two shapes separately (request and response components are split, see urls.py).
"""

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.urls import remove_query_param

# The largest id a bigint primary key can hold; a larger one is unknown, not a database error.
MAX_ID = 2**63 - 1


class _NestedRepresentation:
    def __init__(self, *, serializer, **kwargs):
        self.representation_serializer = serializer
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        # One nested serializer per field, reused for every row: building a serializer's fields
        # costs more than representing a record, and a CSV export represents thousands.
        nested = self.__dict__.get("_nested_serializer")
        if nested is None:
            nested = self._nested_serializer = self.representation_serializer(context=self.context)
        return nested.to_representation(value)

    def get_choices(self, cutoff=None):
        # The browsable API's form lists the values a client writes (slugs, ids), not the nested
        # records it reads back, which cannot key a list of options.
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {self.written_as(item): self.display_value(item) for item in queryset}


class NestedSlugField(_NestedRepresentation, serializers.SlugRelatedField):
    """Reads as `serializer(value)`, writes as the record's slug."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def written_as(self, item):
        return getattr(item, self.slug_field)


class NestedIdField(_NestedRepresentation, serializers.PrimaryKeyRelatedField):
    """Reads as `serializer(value)`, writes as the record's id."""

    def written_as(self, item):
        return item.pk

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < number <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)


class NestedSlugFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NestedSlugField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {"type": "string", "description": "Slug of an existing record."}
        return auto_schema.resolve_serializer(self.target.representation_serializer, direction).ref


class NestedIdFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NestedIdField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {**build_basic_type(OpenApiTypes.INT), "description": "Id of an existing record."}
        return auto_schema.resolve_serializer(self.target.representation_serializer, direction).ref


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """The record's API URL, without the `?format=` of the request that listed it.

    DRF carries `format` over into links; a claim link copied from a CSV export would then ask
    the claim endpoint for CSV, which it does not serve.
    """

    def get_url(self, *args, **kwargs):
        url = super().get_url(*args, **kwargs)
        return url and remove_query_param(url, "format")


@extend_schema_field({"oneOf": [{"type": "string", "format": "uri"}, {"type": "string", "maxLength": 0}]})
class BlankableURLField(serializers.URLField):
    """A URL that may be blank: the schema must not promise a valid URI when it is empty."""


class ModelSerializer(serializers.ModelSerializer):
    """ModelSerializer whose URL fields, and read-only choices, may be blank in the schema, as they
    may in the models."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: BlankableURLField,
    }

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        # DRF drops allow_blank from read-only fields; on a choice it is what puts "" in the enum.
        blank_choice = "choices" in kwargs and kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank_choice and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs
