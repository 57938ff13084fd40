from django.shortcuts import render


def home(request):
    """Public: anyone may see the home page."""
    return render(request, "core/home.html", {})
