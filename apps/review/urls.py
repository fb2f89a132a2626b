from django.urls import path

from apps.review import views

app_name = "review"

urlpatterns = [
    path("review/", views.review_index, name="index"),
    path("review/<slug:slug>/", views.review_resolution, name="resolution"),
    path("review/<slug:slug>/map.svg", views.review_map_svg, name="map"),
    path("review/<slug:slug>/link/<int:link_id>/", views.review_link, name="link"),
    path(
        "review/<slug:slug>/link/<int:link_id>/confirm",
        views.link_confirm_view,
        name="link-confirm",
    ),
    path("review/<slug:slug>/link/<int:link_id>/flag", views.link_flag_view, name="link-flag"),
    path("review/<slug:slug>/link/<int:link_id>/undo", views.link_undo_view, name="link-undo"),
]

urlpatterns += [
    path("review/<slug:slug>/export/", views.export_page, name="export"),
    path("review/<slug:slug>/export.tmx", views.export_tmx, name="export-tmx"),
    path("review/<slug:slug>/export.csv", views.export_csv, name="export-csv"),
]
