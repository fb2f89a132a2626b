from django.urls import path

from apps.reader import views

app_name = "reader"

urlpatterns = [
    path("", views.resolution_list, name="resolution-list"),
    path("word/", views.word_detail, name="word"),
    path("r/<slug:slug>/", views.resolution_detail, name="resolution"),
    path("r/<slug:slug>/cite/<str:unit>/", views.unit_cite, name="cite"),
    path("r/<slug:slug>/export.json", views.resolution_export_json, name="export-json"),
]
