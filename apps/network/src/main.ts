import { cdktfOutdir, runLayerApps } from '@strata/core';
import { networkLayer } from './layer';

void runLayerApps([networkLayer], cdktfOutdir);
