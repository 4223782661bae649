from django import forms

from articles.models import Comment


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    url = forms.URLField(
        label="Website",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
    )

    class Meta:
        model = Comment
        fields = ["body", "name", "email", "url"]
        labels = {"body": "Comment", "url": "Website"}
        help_texts = {"email": "Required, never published.", "url": ""}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].strip = True


class SearchQueryField(forms.CharField):
    """Free text from the search box: control characters (NUL included) become
    spaces instead of a validation error; over-long input is cut by the search."""

    def to_python(self, value):
        from articles.search.parsing import clean

        return clean(super().to_python(value) or "")


class SearchForm(forms.Form):
    q = SearchQueryField(label="Search the archive", required=False)
    sort = forms.ChoiceField(
        choices=[("relevance", "Best match"), ("newest", "Newest first")], required=False
    )
    publication = forms.SlugField(required=False, max_length=200)
    author = forms.SlugField(required=False, max_length=200)
    topic = forms.SlugField(required=False, max_length=100)
    year = forms.IntegerField(required=False, min_value=1800, max_value=2200)
    page = forms.IntegerField(required=False, min_value=1, max_value=100)

    FILTERS = ("publication", "author", "topic", "year")

    def clean_sort(self):
        return self.cleaned_data.get("sort") or "relevance"
