"""Home page, language switcher, privacy notice and error pages."""
