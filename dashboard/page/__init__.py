"""The Streamlit page: the view's state and its URL, the folium map, the passage panel and
charts, the page's own components, the interface's words in English and Chinese.

May import: every layer but `dashboard.cli`. `dashboard/app.py` is its thin entry file.
"""
