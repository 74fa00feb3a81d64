"""The portal's part of the demo school (registered when seed_demo autodiscovers each app's demo module)."""

from journal.demo import DEMO_EXTENSIONS
from portal.demo_cabinet import seed_cabinet

if seed_cabinet not in DEMO_EXTENSIONS:
    DEMO_EXTENSIONS.append(seed_cabinet)
