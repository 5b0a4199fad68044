"""``xiansuo explore``: the investigator's workspace in the browser, over a finished run."""
