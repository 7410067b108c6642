"""Who spoke: in-recording diarization and roles (OFFICER, DISPATCH, SPEAKER_n).

Speaker vectors exist only inside a diarizer's call; no type in this package can hold
one, and nothing here writes, logs or returns them.
"""
