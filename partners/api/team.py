"""``/api/v1/team/``: the members of the requester's company, read-only.

Invitations, roles and removals stay on the team page of the site
(``partners.team_views``): an integration reads who acts for the company, it does
not change the team.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from alliance.api.schema import error_responses
from partners.models import Membership
from partners.selectors import team_members

from .membership import COMPANY_PARAMETER, requester_company


class TeamMemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    joined_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Membership
        fields = ["email", "role", "role_display", "joined_at"]


@extend_schema_view(
    get=extend_schema(
        operation_id="team_list",
        tags=["company"],
        summary=gettext_lazy("Your company's team"),
        description=gettext_lazy(
            "The members of your company with their roles, owners first. Read-only: "
            "owners invite colleagues, change roles and remove members on the team page "
            "of the site."
        ),
        parameters=[COMPANY_PARAMETER],
        responses={200: TeamMemberSerializer(many=True), **error_responses(404)},
    )
)
class TeamListView(generics.ListAPIView):
    serializer_class = TeamMemberSerializer

    def get_queryset(self):
        return team_members(company=requester_company(self.request))
