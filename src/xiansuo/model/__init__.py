"""The shared vocabulary and types every part of xiansuo uses; it imports none of them."""
