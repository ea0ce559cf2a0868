"""Views of the main window: home, meeting (transcript, speakers, minutes), recording, jobs."""
