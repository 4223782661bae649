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


BODY_LIMIT = Comment._meta.get_field("body").max_length


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
        help_texts = {
            "body": f"Up to {BODY_LIMIT:,} characters.",
            "email": "Required, never published.",
            "url": "",
        }
        error_messages = {
            "body": {
                "required": "Please write your comment.",
                "max_length": "Your comment has %(show_value)s characters; the limit is "
                "%(limit_value)s. Please shorten it: your text is kept below.",
            },
            "name": {"required": "Please give your name (it is shown with your comment)."},
            "email": {
                "required": "Please give your email address (it is never published).",
                "invalid": "That email address does not look right: please check it.",
            },
        }
        # No maxlength on the textarea: a browser cuts a longer paste silently; the
        # form refuses it with a message instead and keeps every character.
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6, "data-limit": BODY_LIMIT}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["body"].strip = True
        # Django adds maxlength from the model field; the form enforces it with a message.
        self.fields["body"].widget.attrs.pop("maxlength", None)

    def field_rows(self):
        """The fields a person fills in, in order (not the hidden ones or the trap)."""
        return [self[name] for name in ("body", "name", "email", "url", "remember", "notify")]

    def clean_name(self):
        return self.cleaned_data["name"].translate(BIDI_CONTROLS).strip()

    def focus_first_error(self) -> None:
        """Mark the first field to fix (autofocus, aria-invalid): the refused form is
        shown at its anchor with the cursor where the reader must act, script or not."""
        fields = [row.name for row in self.field_rows()]
        wrong = [name for name in fields if name in self.errors]
        for name in wrong:
            widget = self.fields[name].widget
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"
        first = wrong[0] if wrong else "body"
        self.fields[first].widget.attrs["autofocus"] = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("subject"):
            raise forms.ValidationError(antispam.HONEYPOT_FILLED, code="honeypot")
        if any(name in self.errors for name in ("body", "name", "email")):
            # Say what is missing; the token is checked when the form is sent again
            # (an empty form sent at once is not "too fast", it is empty).
            return cleaned
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
