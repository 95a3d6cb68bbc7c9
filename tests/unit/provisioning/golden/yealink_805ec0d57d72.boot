#!version:1.0.0.1
## Passerelle boot file: this phone's own configuration.
include:config "805ec0d57d72.cfg"
