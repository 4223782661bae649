from django import forms
from django.core.validators import URLValidator

from articles.comments import antispam
from articles.models import Comment

# Bidirectional overrides can make a name read backwards ("gpj.exe"); they have
# no use in a name or a web address.
BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A)],
    None,
)


class WebAddressField(forms.URLField):
    """A website: http or https only (no ftp:, javascript: or data: addresses)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    url = WebAddressField(
        label="Website",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
    )
    remember = forms.BooleanField(
        label="Save my name, email and website in this browser for the next time I comment.",
        required=False,
    )
    notify = forms.BooleanField(
        label="Email me when someone replies (we ask you to confirm first).",
        required=False,
    )
    # The signed form token (antispam.py); the page renders a fresh one each time.
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS and from screen readers by aria-hidden.
    subject = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
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

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["body"].strip = True

    def field_rows(self):
        """The fields a person fills in, in order (not the hidden ones or the trap)."""
        return [self[name] for name in ("body", "name", "email", "url", "remember", "notify")]

    def clean_name(self):
        return self.cleaned_data["name"].translate(BIDI_CONTROLS).strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("subject"):
            raise forms.ValidationError(antispam.HONEYPOT_FILLED, code="honeypot")
        if self.article is not None:
            problem = antispam.form_token_error(cleaned.get("token", ""), self.article.pk)
            if problem:
                raise forms.ValidationError(problem, code="token")
        return cleaned


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
