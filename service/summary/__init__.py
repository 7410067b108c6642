"""The draft narrative: writer, claim check, report fields and questions."""
