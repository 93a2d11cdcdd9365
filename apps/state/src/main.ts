import { cdktfOutdir, runLayerApps } from '@strata/core';
import { stateLayer } from './layer';

void runLayerApps([stateLayer], cdktfOutdir);
