import { cdktfOutdir, runLayerApps } from '@strata/core';
import { observabilityLayer } from './layer';

void runLayerApps([observabilityLayer], cdktfOutdir);
