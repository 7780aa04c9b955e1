"""Site stage: turns executed notebooks, facts and tidy tables into the Quarto inputs (pages, receipts, downloads) and fixes up the rendered site."""
