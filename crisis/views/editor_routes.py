"""Routes of the editor's desk (under /desk/) and of logging in and out."""

from django.urls import path

from crisis.views import editor, editor_import

urlpatterns = [
    path("accounts/login/", editor.login, name="login"),
    path("accounts/logout/", editor.logout, name="logout"),
    path("desk/", editor.editor_home, name="editor-home"),
    path("desk/drafts/", editor.my_drafts, name="my-drafts"),
    path("desk/review/", editor.review_queue, name="review-queue"),
    path("desk/claims/add/", editor.claim_add, name="claim-add"),
    path("desk/figures/import/", editor_import.figures_import_page, name="figures-import"),
    path("desk/claims/<int:pk>/", editor.claim_edit, name="claim-edit"),
    path("desk/claims/<int:pk>/submit/", editor.claim_submit, name="claim-submit"),
    path("desk/claims/<int:pk>/review/", editor.claim_review, name="claim-review"),
    path("desk/claims/<int:pk>/publish/", editor.claim_publish, name="claim-publish"),
    path("desk/claims/<int:pk>/send-back/", editor.claim_send_back, name="claim-send-back"),
    path("desk/claims/<int:pk>/retract/", editor.claim_retract, name="claim-retract"),
    path("desk/claims/<int:pk>/correct/", editor.claim_correct, name="claim-correct"),
    path("desk/history/<slug:model>/<int:pk>/", editor.record_history, name="record-history"),
    path("desk/history/<slug:model>/<int:pk>/restore/", editor.record_restore, name="record-restore"),
    path("desk/changes/<int:pk>/apply/", editor.change_decide, {"decision": "apply"}, name="change-apply"),
    path("desk/changes/<int:pk>/reject/", editor.change_decide, {"decision": "reject"}, name="change-reject"),
]
